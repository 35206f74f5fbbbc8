/**
 * The bundled policy profiles (packages/samples/profiles/*.yaml): the national default and the seed cities.
 * The YAML files sit beside `src/` and `dist/`, so the same relative URL works from both.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the folder holding the bundled profile documents. */
export const bundledProfilesDir: string = fileURLToPath(new URL('../profiles/', import.meta.url));

export interface BundledProfile {
  /** The file name without `.yaml`, which is also the profile's `id`. */
  id: string;
  /** Absolute path of the file. */
  file: string;
  text: string;
}

/** Reads every bundled profile, sorted by id. Parse each with `parseProfile(text, file)` from `@anju/core`. */
export async function listBundledProfiles(): Promise<BundledProfile[]> {
  const names = (await readdir(bundledProfilesDir)).filter((name) => name.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(bundledProfilesDir, name);
      return { id: name.slice(0, -'.yaml'.length), file, text: await readFile(file, 'utf8') };
    }),
  );
}
