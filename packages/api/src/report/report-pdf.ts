// Prints the report's HTML page to PDF with Chromium (playwright-core), the way a browser's print dialog would.
import { existsSync } from 'node:fs';

/** The Chromium binary: ANJU_CHROMIUM, else Debian's /usr/bin/chromium, else playwright's own download. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env['ANJU_CHROMIUM'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** Renders an HTML page to A4 PDF bytes (page numbers in the footer). */
export async function renderReportPdf(html: string): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const executablePath = chromiumPath();
  const browser = await chromium.launch({
    ...(executablePath === undefined ? {} : { executablePath }),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="width:100%;text-align:center;font-size:8px;color:#8c8c8c;">第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>',
    });
  } finally {
    await browser.close();
  }
}
