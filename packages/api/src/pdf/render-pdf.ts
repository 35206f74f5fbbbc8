// Which renderer prints a PDF: Chromium when one is installed, not disabled (ANJU_CHROMIUM) and has a Chinese system
// font to print with; else — and whenever the browser fails to start or print — the built-in renderer, so a PDF is
// always produced.
import { chromiumPath, hasCjkSystemFont, printWithChromium } from './chromium.js';

export type PdfRenderer = 'chromium' | 'builtin';

export interface RenderedPdf {
  readonly bytes: Buffer;
  readonly renderer: PdfRenderer;
  /** Why the browser was not used although one was found: it failed to launch or print (the error's first line). */
  readonly fallbackReason?: string;
  /** A browser was found but the machine has no Chinese font for it, so it was not tried. */
  readonly browserWithoutCjkFont?: true;
}

/** One document that both renderers can print: the HTML page for the browser, the drawing for the built-in one. */
export interface PrintableDocument {
  readonly html: () => string;
  readonly builtin: () => Promise<Buffer>;
}

/**
 * Prints `document` to PDF bytes with the renderer the machine allows, falling back to the built-in renderer when
 * the browser cannot be launched.
 *
 * @example (await renderPdf({ html: () => page, builtin: () => drawIt() })).renderer // → 'builtin' with ANJU_CHROMIUM=none
 */
export async function renderPdf(document: PrintableDocument): Promise<RenderedPdf> {
  const browser = chromiumPath();
  if (browser !== undefined && !hasCjkSystemFont()) {
    return { bytes: await document.builtin(), renderer: 'builtin', browserWithoutCjkFont: true };
  }
  if (browser !== undefined) {
    try {
      return { bytes: await printWithChromium(document.html(), browser), renderer: 'chromium' };
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
      return { bytes: await document.builtin(), renderer: 'builtin', fallbackReason: reason };
    }
  }
  return { bytes: await document.builtin(), renderer: 'builtin' };
}
