// The key that links the audit chains (HMAC-SHA256, see audit-chain.ts). It lives in a file outside the database and
// outside every backup, so whoever can edit the data (the database owner, or someone holding a backup) cannot
// recompute the links after an edit. One key per store: 32 random bytes as hex, created with mode 0600 the first
// time a store without chains is opened. Where it lives:
//   - openStore's `auditKeyFile` option, else ANJU_AUDIT_KEY_FILE, else
//   - PGlite: `<dataDir>.audit-key`, beside the data directory (not inside it, so copying the directory does not copy
//     the key);
//   - PostgreSQL: `$XDG_CONFIG_HOME/anju/audit-key-<host>-<port>-<database>` (default `~/.config/anju/…`).
import { createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { StoreError, storeMessages } from './errors.js';

/** An audit-chain key: signs text, and names itself by a fingerprint that reveals nothing of the key. */
export class AuditKey {
  readonly #key: Buffer;
  /** First 16 hex digits of HMAC(key, "anju-audit-key-id"): recorded with the chain heads to spot a wrong key. */
  readonly id: string;

  constructor(
    key: Buffer,
    /** The file the key was read from. */
    readonly path: string,
  ) {
    this.#key = Buffer.from(key);
    this.id = this.sign('anju-audit-key-id').slice(0, 16);
  }

  /** HMAC-SHA256 of `text` (UTF-8) under this key, as 64 hex digits. */
  sign(text: string): string {
    return createHmac('sha256', this.#key).update(text, 'utf8').digest('hex');
  }

  toJSON(): { path: string; id: string } {
    return { path: this.path, id: this.id };
  }
}

/** Where the audit key of a store lives by default (without the option or ANJU_AUDIT_KEY_FILE). */
export function defaultAuditKeyFile(
  location: { readonly dataDir: string } | { readonly databaseUrl: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  if ('dataDir' in location) return `${resolve(location.dataDir).replace(/[/\\]+$/, '')}.audit-key`;
  const url = new URL(location.databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const name = `${url.hostname || 'localhost'}-${url.port || '5432'}-${database}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const config = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(config, 'anju', `audit-key-${name}`);
}

/**
 * Read the key file, or create it when it is missing and `mayCreate()` allows (the store has no chained events
 * yet: a new key for an existing trail would make every link look forged). Refuses a file others may read.
 */
export async function loadAuditKey(path: string, mayCreate: () => Promise<boolean>): Promise<AuditKey> {
  const existing = await readKey(path);
  if (existing !== undefined) return existing;
  if (!(await mayCreate())) throw new StoreError('audit-key', storeMessages.auditKeyMissing(path));
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(path, 0o600);
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const created = await readKey(path);
  if (created === undefined) throw new StoreError('audit-key', storeMessages.auditKeyMissing(path));
  return created;
}

async function readKey(path: string): Promise<AuditKey | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
    throw new StoreError('audit-key', storeMessages.auditKeyOpen(path));
  }
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new StoreError('audit-key', storeMessages.auditKeyBad(path));
  return new AuditKey(Buffer.from(hex, 'hex'), path);
}
