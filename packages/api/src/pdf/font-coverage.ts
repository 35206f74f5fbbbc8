// Which characters the built-in renderer's embedded font cannot draw: a text's code points missing from the cmap of
// Noto Sans SC (regular and bold). Used by the coverage test over the bundled unit names and UI strings.
import { openSync, type Font } from 'fontkit';
import { FONT_FILES } from './pdf-document.js';

let fonts: readonly Font[] | undefined;

/**
 * The distinct characters of `text` that the embedded fonts have no glyph for (control characters ignored).
 *
 * @example missingGlyphs('张掖市甘州区') // → []
 */
export function missingGlyphs(text: string): string[] {
  fonts ??= [openSync(FONT_FILES.regular), openSync(FONT_FILES.bold)];
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    if (!fonts.every((f) => f.hasGlyphForCodePoint(cp))) missing.add(ch);
  }
  return [...missing];
}
