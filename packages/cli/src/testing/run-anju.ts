import { vi } from 'vitest';
import { main } from '../main.js';

/** What one in-process `anju` run printed, and its exit code. */
export interface AnjuRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `anju …args --data-dir dataDir` in process, capturing stdout and stderr. */
export async function runAnju(dataDir: string, ...args: string[]): Promise<AnjuRun> {
  let out = '';
  let err = '';
  const o = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'anju', ...args, '--data-dir', dataDir]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
