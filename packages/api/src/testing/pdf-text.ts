// Test support: reads a PDF back with poppler-utils (installed by scripts/setup.sh) — its text as a PDF reader
// extracts it, its document info and its fonts — so tests check what a user's viewer would show, not the bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function withFile<T>(pdf: Uint8Array, read: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'anju-pdf-'));
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, pdf);
    return read(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The text `pdftotext` extracts (UTF-8): of one page when `page` (1-based) is given; with `layout`, in the physical
 * layout, so a table row reads as one line.
 */
export function pdfText(pdf: Uint8Array, options: { readonly page?: number; readonly layout?: boolean } = {}): string {
  const args = [
    ...(options.page === undefined ? [] : ['-f', String(options.page), '-l', String(options.page)]),
    ...(options.layout === true ? ['-layout'] : []),
  ];
  return withFile(pdf, (path) =>
    execFileSync('pdftotext', [...args, '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }),
  );
}

/** The text with all white space removed, for matching phrases a line or cell may have wrapped. */
export function pdfTextCompact(pdf: Uint8Array, page?: number): string {
  return pdfText(pdf, page === undefined ? {} : { page }).replace(/\s+/g, '');
}

/** `pdfinfo`'s fields: Title, Creator, Producer, Pages, … */
export function pdfInfo(pdf: Uint8Array): Record<string, string> {
  const out = withFile(pdf, (path) => execFileSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' }));
  return Object.fromEntries(
    out
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

/** `pdffonts`' rows: each font's name and whether it is embedded, subset and has a ToUnicode map. */
export function pdfFonts(pdf: Uint8Array): { name: string; embedded: boolean; subset: boolean; unicode: boolean }[] {
  const out = withFile(pdf, (path) => execFileSync('pdffonts', [path], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name … emb sub uni object ID: the three flags are the 5th to 3rd fields from the end
      const [emb, sub, uni] = cols.slice(-5, -2);
      return { name: cols[0]!, embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
    });
}
