// The report as a printable Chinese HTML page: A4 print CSS, the tables with their sources, and the charts rendered
// on the server by ECharts as inline SVG (no script runs in the page).
import * as echarts from 'echarts';
import { sourceText, type ReportModel, type ReportTable } from '@anju/core';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

// single quotes: the names go into SVG style attributes, which ECharts writes inside double quotes
const FONT =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif";

function svgChart(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/** The two charts of the report as SVG strings (empty when there is nothing to draw). */
export function renderReportCharts(model: ReportModel): { trend: string; byUnit: string } {
  const { cycleTrend, cycleByUnit, reasonableRangeMonths } = model.charts;
  const band =
    reasonableRangeMonths.min !== null && reasonableRangeMonths.max !== null
      ? {
          silent: true,
          itemStyle: { color: 'rgba(82, 196, 26, 0.12)' },
          data: [[{ yAxis: reasonableRangeMonths.min }, { yAxis: reasonableRangeMonths.max }]],
        }
      : undefined;
  const subtext =
    band === undefined ? '' : `绿色带为合理区间 ${reasonableRangeMonths.min}—${reasonableRangeMonths.max} 个月`;
  const title = (text: string) => ({
    text,
    subtext,
    left: 'center',
    textStyle: { fontSize: 14 },
    subtextStyle: { fontSize: 11, color: '#389e0d' },
  });
  const trend =
    cycleTrend.periods.length === 0
      ? ''
      : svgChart(
          {
            title: title(`${model.cityNameZh}住宅去化周期（月）`),
            legend: { bottom: 0, data: ['计算值', '公布值'] },
            grid: { left: 48, right: 24, top: 76, bottom: 48 },
            xAxis: { type: 'category', data: [...cycleTrend.periods] },
            yAxis: { type: 'value', name: '月', min: 0 },
            series: [
              {
                name: '计算值',
                type: 'line',
                data: cycleTrend.computed.map(num),
                label: { show: true, position: 'top', fontSize: 11, color: '#1677ff' },
                lineStyle: { width: 2 },
                color: '#1677ff',
                ...(band === undefined ? {} : { markArea: band }),
              },
              {
                name: '公布值',
                type: 'line',
                data: cycleTrend.printed.map(num),
                label: { show: true, position: 'bottom', fontSize: 11, color: '#d46b08' },
                lineStyle: { type: 'dashed' },
                color: '#fa8c16',
              },
            ],
          },
          680,
          280,
        );
  // one bar per unit says nothing a table does not; draw the comparison only across two or more units
  const byUnit =
    cycleByUnit.unitNames.length < 2
      ? ''
      : svgChart(
          {
            title: title(`各单元住宅去化周期（${model.periodZh}，月）`),
            legend: { bottom: 0, data: ['计算值', '公布值'] },
            grid: { left: 48, right: 24, top: 76, bottom: 56 },
            xAxis: {
              type: 'category',
              data: [...cycleByUnit.unitNames],
              axisLabel: { interval: 0, rotate: cycleByUnit.unitNames.length > 8 ? 30 : 0 },
            },
            yAxis: { type: 'value', name: '月', min: 0 },
            series: [
              {
                name: '计算值',
                type: 'bar',
                data: cycleByUnit.computed.map(num),
                barMaxWidth: 28,
                color: '#1677ff',
                label: { show: true, position: 'top', fontSize: 10 },
                ...(band === undefined ? {} : { markArea: band }),
              },
              {
                name: '公布值',
                type: 'bar',
                data: cycleByUnit.printed.map(num),
                barMaxWidth: 28,
                color: '#fa8c16',
                label: { show: true, position: 'top', fontSize: 10 },
              },
            ],
          },
          680,
          300,
        );
  return { trend, byUnit };
}

function tableHtml(t: ReportTable): string {
  if (t.rows.length === 0 && t.columns.length <= 1) {
    return `<section class="table" id="${t.id}">\n<h2>${esc(t.titleZh)}</h2>\n<p class="note">${esc(t.noteZh)}</p>\n</section>`;
  }
  const head = [...t.columns.map((c) => `<th class="${c.align}">${esc(c.labelZh)}</th>`), '<th>来源</th>'].join('');
  const body =
    t.rows.length === 0
      ? `<tr><td class="empty" colspan="${t.columns.length + 1}">本期无数据</td></tr>`
      : t.rows
          .map(
            (r) =>
              `<tr>${t.columns.map((c) => `<td class="${c.align}">${esc(r.cells[c.key] ?? '')}</td>`).join('')}<td class="src">${esc(sourceText(r.revisionIds))}</td></tr>`,
          )
          .join('\n');
  return `<section class="table" id="${t.id}">
<h2>${esc(t.titleZh)}</h2>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<p class="note">${esc(t.noteZh)}</p>
</section>`;
}

const CSS = `
@page { size: A4; margin: 18mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: ${FONT}; color: #1f1f1f; font-size: 10.5pt; line-height: 1.5; margin: 0 auto; max-width: 190mm; }
header { border-bottom: 2px solid #1677ff; padding-bottom: 6px; margin-bottom: 14px; }
h1 { font-size: 18pt; margin: 0 0 4px; text-align: center; }
.meta { color: #595959; font-size: 9pt; text-align: center; margin: 0; }
h2 { font-size: 12.5pt; margin: 16px 0 6px; border-left: 4px solid #1677ff; padding-left: 8px; }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
th, td { border: 1px solid #d9d9d9; padding: 3px 6px; }
th { background: #f0f5ff; font-weight: 600; white-space: nowrap; }
td.right, th.right { text-align: right; font-variant-numeric: tabular-nums; }
td.src { color: #8c8c8c; font-size: 8.5pt; white-space: nowrap; }
td.empty { text-align: center; color: #8c8c8c; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.note { color: #595959; font-size: 8.5pt; margin: 4px 0 0; }
.charts { display: flex; flex-direction: column; align-items: center; gap: 6px; break-inside: avoid; }
.charts svg { max-width: 100%; height: auto; }
section.table { break-inside: auto; }
h2 { break-after: avoid; }
footer { margin-top: 18px; border-top: 1px solid #d9d9d9; padding-top: 6px; color: #8c8c8c; font-size: 8.5pt; }
@media screen { body { padding: 24px; background: #fff; } }
`;

/** The report as one self-contained HTML page (inline CSS and SVG), ready to print. */
export function renderReportHtml(model: ReportModel): string {
  const charts = renderReportCharts(model);
  const [headline, ...rest] = model.tables;
  const chartBlock =
    charts.trend === '' && charts.byUnit === ''
      ? ''
      : `<section class="charts" aria-label="图表">${charts.trend}${charts.byUnit}</section>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(model.titleZh)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(model.titleZh)}</h1>
<p class="meta">政策配置 ${esc(`${model.profile.id}@${model.profile.version}`)} · 生成于 ${esc(model.generatedAt.slice(0, 10))} · 数据来源：${esc(sourceText(model.revisionIds))}</p>
</header>
${headline === undefined ? '' : tableHtml(headline)}
${chartBlock}
${rest.map(tableHtml).join('\n')}
<footer>本报告由安居（Anju）根据正式库已发布数据生成；“来源”列为数据所在修订编号，可用 <code>anju revisions</code> 查询。</footer>
</body>
</html>
`;
}
