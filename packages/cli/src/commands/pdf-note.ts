// The line `anju report` and `anju plan evaluate` print after writing a PDF: which renderer made it, and why the
// browser was passed over when one was found (it failed, or the machine has no Chinese font for it).
import type { RenderedPdf } from '@anju/api';
import { t, type Context } from '../context.js';

/** "PDF 由内置渲染器生成" / "PDF printed by Chromium", with the browser's failure when it fell back. */
export function pdfNote(ctx: Context, pdf: RenderedPdf): string {
  if (pdf.renderer === 'chromium') return t(ctx, 'PDF 由 Chromium 打印', 'PDF printed by Chromium');
  if (pdf.browserWithoutCjkFont === true) {
    return t(
      ctx,
      'PDF 由内置渲染器生成（系统无中文字体，未使用 Chromium）',
      'PDF drawn by the built-in renderer (no Chinese system font for Chromium)',
    );
  }
  return pdf.fallbackReason === undefined
    ? t(ctx, 'PDF 由内置渲染器生成（未使用浏览器）', 'PDF drawn by the built-in renderer (no browser used)')
    : t(
        ctx,
        `Chromium 未能启动（${pdf.fallbackReason}），PDF 改由内置渲染器生成`,
        `Chromium failed to start (${pdf.fallbackReason}); PDF drawn by the built-in renderer instead`,
      );
}
