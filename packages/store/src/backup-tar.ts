// The smallest tar (POSIX ustar) writer and streaming reader the backup needs: regular files only, sizes known
// before the entry is written. A backup is a gzip'd tar, so `tar -xzf` unpacks it with no Anju tools at hand.

const BLOCK = 512;

/** The 512-byte ustar header of a regular file. */
export function tarHeader(name: string, size: number, mtimeSeconds: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar entry name longer than 100 bytes: ${name}`);
  const header = Buffer.alloc(BLOCK, 0);
  nameBytes.copy(header, 0);
  const octal = (value: number, width: number, at: number): void => {
    header.write(`${value.toString(8).padStart(width - 1, '0')}\0`, at, width, 'ascii');
  };
  octal(0o644, 8, 100); // mode
  octal(0, 8, 108); // uid
  octal(0, 8, 116); // gid
  octal(size, 12, 124);
  octal(Math.max(0, Math.floor(mtimeSeconds)), 12, 136);
  header.write('        ', 148, 8, 'ascii'); // checksum is computed with its own field as spaces
  header.write('0', 156, 1, 'ascii'); // regular file
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

/** Zero bytes that pad an entry of `size` bytes to a whole block. */
export function tarPadding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest, 0);
}

/** The two zero blocks that end an archive. */
export const TAR_END = Buffer.alloc(BLOCK * 2, 0);

/** Thrown when the bytes are not a tar archive this reader understands. */
export class TarFormatError extends Error {}

/** One entry of a tar archive being read: its name, size, and its bytes as they stream by. */
export interface TarEntry {
  readonly name: string;
  readonly size: number;
  /** The entry's bytes; must be consumed (or `skip`ped) before the next entry is read. */
  chunks(): AsyncGenerator<Buffer>;
}

/** Reads exact byte counts from an async stream of buffers. */
class ByteReader {
  readonly #source: AsyncIterator<Buffer>;
  #pending: Buffer = Buffer.alloc(0);
  #done = false;

  constructor(source: AsyncIterable<Buffer>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    const next = await this.#source.next();
    if (next.done) {
      this.#done = true;
      return false;
    }
    this.#pending = this.#pending.length === 0 ? next.value : Buffer.concat([this.#pending, next.value]);
    return true;
  }

  /** Exactly `n` bytes, or fewer only at the end of the stream. */
  async take(n: number): Promise<Buffer> {
    while (this.#pending.length < n && (await this.#fill()));
    const out = this.#pending.subarray(0, n);
    this.#pending = this.#pending.subarray(out.length);
    return out;
  }

  /** Up to `n` bytes as they arrive, in pieces. */
  async *stream(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.#pending.length === 0 && !(await this.#fill())) {
        throw new TarFormatError(`archive ends ${left} bytes before the end of an entry`);
      }
      const piece = this.#pending.subarray(0, left);
      this.#pending = this.#pending.subarray(piece.length);
      left -= piece.length;
      yield piece;
    }
  }
}

function parseOctal(field: Buffer): number {
  const text = field.toString('ascii').replace(/\0.*$/s, '').trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError(`bad number in a tar header: ${JSON.stringify(text)}`);
  return text === '' ? 0 : parseInt(text, 8);
}

/** Streams the entries of a tar archive (regular files only), checking every header's checksum. */
export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source);
  for (;;) {
    const header = await reader.take(BLOCK);
    if (header.length === 0) throw new TarFormatError('archive ends without its end-of-archive blocks');
    if (header.length < BLOCK) throw new TarFormatError('archive ends inside a header');
    if (header.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    if (sum !== parseOctal(header.subarray(148, 156))) throw new TarFormatError('tar header checksum mismatch');
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156]!);
    if (type !== '0' && type !== '\0') throw new TarFormatError(`unsupported tar entry type ${type} for ${name}`);
    let consumed = false;
    const entry: TarEntry = {
      name,
      size,
      async *chunks() {
        if (consumed) throw new TarFormatError(`entry ${name} read twice`);
        consumed = true;
        yield* reader.stream(size);
      },
    };
    yield entry;
    if (!consumed) for await (const _ of entry.chunks()) void _;
    const pad = tarPadding(size).length;
    if (pad > 0 && (await reader.take(pad)).length < pad) throw new TarFormatError('archive ends inside padding');
  }
}
