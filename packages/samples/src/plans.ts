/**
 * The bundled plans (packages/samples/plans/*.yaml): the indicator systems of the seeds — Zhangye 十五五 (003),
 * Wenzhou 十四五 and its evaluated 十三五 (002), Chongqing 十四五 (004), Zhengzhou 十五五 (000) — every value with its
 * seed citation. Validate each with `parsePlanDocument(plan.data)` from `@anju/core`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Absolute path of the folder holding the bundled plan documents. */
export const bundledPlansDir: string = fileURLToPath(new URL('../plans/', import.meta.url));

export interface BundledPlan {
  /** The file name without `.yaml`, which is also the plan's `id`. */
  readonly id: string;
  readonly file: string;
  readonly text: string;
  /** The parsed YAML (not yet validated). */
  readonly data: unknown;
}

/** Reads every bundled plan, sorted by id. */
export async function listBundledPlans(): Promise<BundledPlan[]> {
  const names = (await readdir(bundledPlansDir)).filter((name) => name.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(bundledPlansDir, name);
      const text = await readFile(file, 'utf8');
      return { id: name.slice(0, -'.yaml'.length), file, text, data: parse(text) as unknown };
    }),
  );
}

/** One bundled plan by id, or undefined. */
export async function readBundledPlan(id: string): Promise<BundledPlan | undefined> {
  return (await listBundledPlans()).find((p) => p.id === id);
}
