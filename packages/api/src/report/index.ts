// Periodic market reports: model from the published view, rendered as XLSX, HTML or PDF.
export { buildCityReport } from './report-service.js';
export { renderReportXlsx } from './report-xlsx.js';
export { renderReportCharts, renderReportHtml } from './report-html.js';
export { drawReportPdf, renderReportPdf } from './report-pdf.js';
