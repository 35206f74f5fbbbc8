// The font the built-in PDF renderer embeds (Noto Sans SC, regular and bold) has a glyph for every character a report
// or evaluation can print from what Anju ships: the bundled units files (names, aliases), the bundled plans, the
// dashboard's and the API's strings, and the source of every report label and PDF layout. A city added to the samples
// is covered by the manifest; a string added to the UI is covered by its file.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifest, samplesDataDir } from '@anju/samples';
import { describe, expect, it } from 'vitest';
import { missingGlyphs } from './font-coverage.js';

const packages = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): Promise<string> => readFile(join(packages, path), 'utf8');

describe('the embedded CJK font', () => {
  it('has a glyph for every character of the bundled units files', async () => {
    const manifest = await loadManifest();
    expect(manifest.cities.length).toBeGreaterThanOrEqual(4);
    for (const city of manifest.cities) {
      const text = await readFile(join(samplesDataDir, city.units), 'utf8');
      expect(text).toContain('nameZh');
      expect({ file: city.units, missing: missingGlyphs(text) }).toEqual({ file: city.units, missing: [] });
    }
  });

  it('has a glyph for every character of the bundled plans', async () => {
    const dir = join(packages, 'samples/plans');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = await readFile(join(dir, f), 'utf8');
      expect({ file: f, missing: missingGlyphs(text) }).toEqual({ file: f, missing: [] });
    }
  });

  it.each([
    'web/src/i18n.ts',
    'api/src/messages.ts',
    'core/src/market/report-model.ts',
    'core/src/market/market-text.ts',
    'core/src/plan/indicator-status.ts',
    'api/src/report/report-html.ts',
    'api/src/report/report-pdf.ts',
    'api/src/plans/evaluation-html.ts',
    'api/src/plans/evaluation-pdf.ts',
    'api/src/pdf/pdf-document.ts',
    'cli/src/commands/pdf-note.ts',
  ])('has a glyph for every character of %s', async (file) => {
    const text = await read(file);
    expect(missingGlyphs(text)).toEqual([]);
  });

  it('reports what it lacks (the check is not vacuous)', () => {
    expect(missingGlyphs('张掖市😀')).toEqual(['😀']);
    expect(missingGlyphs('𠀀')).toEqual(['𠀀']);
  });
});
