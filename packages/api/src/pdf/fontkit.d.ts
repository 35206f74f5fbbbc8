// fontkit (the font engine PDFKit embeds fonts with) ships no types; this is the part the coverage check uses.
declare module 'fontkit' {
  interface Font {
    readonly postscriptName: string;
    /** Every code point the font's cmap maps to a glyph. */
    readonly characterSet: readonly number[];
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font;
}
