// The optional browser path: prints a self-contained HTML page to A4 PDF with a Chromium that is already installed
// (playwright-core drives it; playwright's own browser download is never used).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The Chromium binary to print with, or undefined for none: `ANJU_CHROMIUM=none` (or `off`) disables the browser,
 * `ANJU_CHROMIUM=/path` names one, else Debian's `/usr/bin/chromium` when it exists.
 *
 * @example chromiumPath() // → '/usr/bin/chromium' on a machine with Debian's chromium, undefined without
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env['ANJU_CHROMIUM']?.trim();
  if (fromEnv !== undefined && fromEnv !== '') {
    if (['none', 'off', 'false', '0'].includes(fromEnv.toLowerCase())) return undefined;
    return existsSync(fromEnv) ? fromEnv : undefined;
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/**
 * Whether fontconfig knows a Chinese font Chromium could print with (`fc-list :lang=zh-cn`). Without one the browser
 * prints boxes for every character, so the built-in renderer, which embeds its own font, is used instead.
 */
export function hasCjkSystemFont(): boolean {
  try {
    const families = execFileSync('fc-list', [':lang=zh-cn', 'family'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
    return families.trim() !== '';
  } catch {
    return false;
  }
}

/** Prints an HTML page to A4 PDF bytes with the Chromium at `executablePath` (page numbers in the footer). */
export async function printWithChromium(html: string, executablePath: string): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    // a browser that cannot start within this time is treated as absent (the caller falls back)
    timeout: 30_000,
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
