// The built-in PDF renderer's page writer: A4 pages laid out with PDFKit in Noto Sans SC (embedded as a subset of
// the glyphs used, with a ToUnicode map so the text copies and searches as Chinese), headings, paragraphs, tables that
// break across pages and repeat their header, ECharts' SVG charts drawn as vector paths, and 第 n 页 / 共 N 页 footers.
// It needs no browser and no system fonts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';

const require = createRequire(import.meta.url);

/** The font files (SIL Open Font License 1.1), shipped by the npm package @expo-google-fonts/noto-sans-sc. */
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;

/** Written into the Producer field of every PDF this renderer makes (the browser path says Skia/PDF, HeadlessChrome). */
export const BUILTIN_PRODUCER = 'Anju built-in PDF renderer (PDFKit)';

const fontBytes = new Map<keyof typeof FONT_FILES, Buffer>();
function font(weight: keyof typeof FONT_FILES): Buffer {
  let bytes = fontBytes.get(weight);
  if (bytes === undefined) {
    bytes = readFileSync(FONT_FILES[weight]);
    fontBytes.set(weight, bytes);
  }
  return bytes;
}

const MM = 72 / 25.4;
const BORDER = '#d9d9d9';
const HEAD_FILL = '#f0f5ff';
const ACCENT = '#1677ff';
const TEXT = '#1f1f1f';
export const GREY = '#595959';
export const LIGHT_GREY = '#8c8c8c';

export interface PdfColumn {
  readonly label: string;
  readonly align: 'left' | 'right' | 'center';
  /** Keep the column's text on one line (numbers, revision lists); the other columns wrap to fit the page. */
  readonly nowrap?: boolean;
}

/** A table cell: its text, and optionally a colour for the text or a status dot before it. */
export type PdfCell = string | { readonly text: string; readonly color?: string; readonly dot?: string };

export interface PdfTableOptions {
  readonly fontSize?: number;
  readonly x?: number;
  readonly width?: number;
  /** Per-column text colour (e.g. the grey 来源 column). */
  readonly columnColors?: readonly (string | undefined)[];
  /** Shown in one cell across the table when there are no rows. */
  readonly emptyText?: string;
}

interface TextStyle {
  readonly size: number;
  readonly bold?: boolean;
  readonly color?: string;
}

const cellText = (c: PdfCell): string => (typeof c === 'string' ? c : c.text);

/**
 * ECharts outlines value labels with a white halo drawn under the glyphs (`paint-order="stroke"`); svg-to-pdfkit
 * paints the stroke over the fill, which hides the label, so the halo is dropped before drawing.
 */
function withoutTextHalo(svg: string): string {
  return svg.replace(/<text\b[^>]*\bpaint-order="stroke"[^>]*>/g, (tag) =>
    tag.replace(/\s(?:stroke|stroke-width|stroke-miterlimit|paint-order)="[^"]*"/g, ''),
  );
}

/**
 * One PDF being written top to bottom. Call the layout methods in reading order, then `finish()` for the bytes.
 *
 * @example const w = new PdfWriter({ title: '报告', createdAt: now }); w.title('报告'); const pdf = await w.finish();
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;

  constructor(meta: { readonly title: string; readonly subject?: string; readonly createdAt: Date }) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: 18 * MM, bottom: 18 * MM, left: 15 * MM, right: 15 * MM },
      bufferPages: true,
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: meta.title,
        ...(meta.subject === undefined ? {} : { Subject: meta.subject }),
        Creator: 'Anju 安居',
        Producer: BUILTIN_PRODUCER,
        CreationDate: meta.createdAt,
        ModDate: meta.createdAt,
      },
    });
    this.doc.registerFont('zh', font('regular'));
    this.doc.registerFont('zh-bold', font('bold'));
    this.doc.font('zh');
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get y(): number {
    return this.doc.y;
  }
  /** The height left on the current page. */
  get room(): number {
    return this.bottom - this.doc.y;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom && this.doc.y > this.doc.page.margins.top) this.doc.addPage();
  }

  gap(points: number): void {
    this.doc.y += points;
  }

  private style(s: TextStyle): PDFKit.PDFDocument {
    return this.doc
      .font(s.bold === true ? 'zh-bold' : 'zh')
      .fontSize(s.size)
      .fillColor(s.color ?? TEXT);
  }

  /** The height `text` takes at `width` in style `s`. */
  measure(text: string, s: TextStyle, width: number): number {
    this.style(s);
    return this.doc.heightOfString(text, { width, lineGap: s.size * 0.25 });
  }

  /** Flowing text across the content width (or `width` from `x`); moves the cursor below it. */
  text(
    text: string,
    s: TextStyle & { readonly align?: 'left' | 'center' | 'right'; readonly x?: number; readonly width?: number },
  ): void {
    this.style(s).text(text, s.x ?? this.left, this.doc.y, {
      width: s.width ?? this.width,
      align: s.align ?? 'left',
      lineGap: s.size * 0.25,
    });
  }

  /** The document title with its meta line and the blue rule under them. */
  header(title: string, meta: string): void {
    this.text(title, { size: 18, bold: true, align: 'center' });
    this.gap(2);
    this.text(meta, { size: 9, color: GREY, align: 'center' });
    this.gap(4);
    this.doc.rect(this.left, this.doc.y, this.width, 1.5).fill(ACCENT);
    this.gap(12);
  }

  /** A section heading with a blue bar, kept on the page with at least `keep` points of what follows. */
  heading(text: string, keep = 80): void {
    const size = 12.5;
    const h = this.measure(text, { size, bold: true }, this.width - 8);
    this.gap(8);
    this.ensure(h + keep);
    const y = this.doc.y;
    this.doc.rect(this.left, y + 2, 3, h - 4).fill(ACCENT);
    this.text(text, { size, bold: true, x: this.left + 8, width: this.width - 8 });
    this.gap(3);
  }

  /** The closing note under a thin grey rule: how the document was made, after `space` points. */
  closingNote(text: string, size: number, space: number): void {
    this.gap(space);
    this.ensure(30);
    this.doc
      .moveTo(this.left, this.y)
      .lineTo(this.left + this.width, this.y)
      .lineWidth(0.5)
      .stroke('#d9d9d9');
    this.gap(5);
    this.text(text, { size, color: LIGHT_GREY });
  }

  /** A small status dot (the colour of a plan indicator's state). */
  dot(x: number, y: number, color: string, radius = 3.2): void {
    this.doc.circle(x, y, radius).fill(color);
  }

  /** Column widths: each column's natural width, shrunk (wrapping columns first) or grown to the table's width. */
  private columnWidths(
    columns: readonly PdfColumn[],
    rows: readonly (readonly PdfCell[])[],
    size: number,
    width: number,
    pad: number,
  ): number[] {
    const natural = columns.map((c, i) => {
      this.style({ size, bold: true });
      let w = this.doc.widthOfString(c.label);
      this.style({ size });
      for (const r of rows) {
        const cell = r[i] ?? '';
        const dot = typeof cell !== 'string' && cell.dot !== undefined ? size : 0;
        w = Math.max(w, this.doc.widthOfString(cellText(cell)) + dot);
      }
      return w + 2 * pad + 1;
    });
    const total = natural.reduce((a, b) => a + b, 0);
    if (total <= width) return natural.map((w) => w + ((width - total) * w) / total);
    const fixed = columns.reduce((a, c, i) => a + (c.nowrap === true ? natural[i]! : 0), 0);
    const flexible = total - fixed;
    const minimum = size * 3 + 2 * pad;
    if (flexible > 0 && width - fixed >= minimum * columns.filter((c) => c.nowrap !== true).length) {
      const scale = (width - fixed) / flexible;
      const widths = columns.map((c, i) => (c.nowrap === true ? natural[i]! : Math.max(minimum, natural[i]! * scale)));
      const over = widths.reduce((a, b) => a + b, 0) - width;
      // minimums may overshoot: take the excess from the widest wrapping column
      if (over > 0) {
        let widest = -1;
        widths.forEach((w, i) => {
          if (columns[i]!.nowrap !== true && (widest < 0 || w > widths[widest]!)) widest = i;
        });
        if (widest >= 0) widths[widest] = widths[widest]! - over;
      }
      return widths;
    }
    return natural.map((w) => (w * width) / total);
  }

  /**
   * A bordered table at the cursor: the header row is repeated at the top of every page the table continues on,
   * and a row never splits across pages.
   */
  table(columns: readonly PdfColumn[], rows: readonly (readonly PdfCell[])[], options: PdfTableOptions = {}): void {
    const size = options.fontSize ?? 9;
    const pad = 4;
    const padY = 2.5;
    const x0 = options.x ?? this.left;
    const widths = this.columnWidths(columns, rows, size, options.width ?? this.width, pad);
    const lineGap = size * 0.25;
    const cellHeight = (cell: PdfCell, w: number, bold: boolean): number => {
      const dot = typeof cell !== 'string' && cell.dot !== undefined ? size : 0;
      this.style({ size, bold });
      return this.doc.heightOfString(cellText(cell) || ' ', { width: Math.max(1, w - 2 * pad - dot), lineGap });
    };
    const rowHeight = (cells: readonly PdfCell[], bold: boolean): number =>
      Math.max(...columns.map((_, i) => cellHeight(cells[i] ?? '', widths[i]!, bold))) + 2 * padY;

    const drawRow = (cells: readonly PdfCell[], h: number, head: boolean): void => {
      const y = this.doc.y;
      let x = x0;
      columns.forEach((c, i) => {
        const w = widths[i]!;
        if (head) this.doc.rect(x, y, w, h).fill(HEAD_FILL);
        this.doc.lineWidth(0.5).rect(x, y, w, h).stroke(BORDER);
        const cell = cells[i] ?? '';
        let tx = x + pad;
        let tw = w - 2 * pad;
        if (typeof cell !== 'string' && cell.dot !== undefined) {
          this.dot(tx + size * 0.35, y + padY + size * 0.72, cell.dot, size * 0.34);
          tx += size;
          tw -= size;
        }
        const color =
          (typeof cell === 'string' ? undefined : cell.color) ?? (head ? undefined : options.columnColors?.[i]);
        this.style({ size, bold: head, ...(color === undefined ? {} : { color }) }).text(cellText(cell), tx, y + padY, {
          width: Math.max(1, tw),
          align: head ? (c.align === 'right' ? 'right' : c.align === 'center' ? 'center' : 'left') : c.align,
          lineGap,
        });
        x += w;
      });
      this.doc.x = this.left;
      this.doc.y = y + h;
    };

    const headCells = columns.map((c) => c.label);
    const headH = rowHeight(headCells, true);
    const heights = rows.map((r) => rowHeight(r, false));
    this.ensure(headH + (heights[0] ?? size * 2));
    drawRow(headCells, headH, true);
    if (rows.length === 0 && options.emptyText !== undefined) {
      const h = size * 1.4 + 2 * padY;
      const y = this.doc.y;
      const w = widths.reduce((a, b) => a + b, 0);
      this.doc.lineWidth(0.5).rect(x0, y, w, h).stroke(BORDER);
      this.style({ size, color: LIGHT_GREY }).text(options.emptyText, x0, y + padY, { width: w, align: 'center' });
      this.doc.x = this.left;
      this.doc.y = y + h;
    }
    rows.forEach((r, i) => {
      const h = heights[i]!;
      if (this.doc.y + h > this.bottom) {
        this.doc.addPage();
        drawRow(headCells, headH, true);
      }
      drawRow(r, h, false);
    });
  }

  /**
   * An ECharts SVG (pixel sizes) drawn as vector paths at `x` and `width` points wide, height kept in proportion;
   * the cursor moves below it. CSS pixels are 0.75 pt, so 680 px fill the 180 mm text width as in the printed page.
   */
  svg(
    svg: string,
    size: { readonly width: number; readonly height: number },
    at: { x?: number; width?: number } = {},
  ): number {
    const width = at.width ?? size.width * 0.75;
    const height = (size.height * width) / size.width;
    const x = at.x ?? this.left + (this.width - width) / 2;
    SVGtoPDF(this.doc, withoutTextHalo(svg), x, this.doc.y, {
      width,
      height,
      preserveAspectRatio: 'xMidYMid meet',
      fontCallback: (_family: string, bold: boolean) => (bold ? 'zh-bold' : 'zh'),
    });
    this.doc.x = this.left;
    this.doc.y += height;
    return height;
  }

  /** Writes the page footers (第 n 页 / 共 N 页) and returns the PDF's bytes. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const margins = this.doc.page.margins;
      const bottom = margins.bottom;
      // text below the bottom margin would start a new page; lift the margin while writing the footer
      margins.bottom = 0;
      this.style({ size: 8, color: LIGHT_GREY }).text(
        `第 ${i + 1} 页 / 共 ${range.count} 页`,
        margins.left,
        this.doc.page.height - bottom / 2 - 4,
        { width: this.width, align: 'center', lineBreak: false },
      );
      margins.bottom = bottom;
    }
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
