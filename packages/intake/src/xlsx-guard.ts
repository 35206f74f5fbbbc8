// Checks an XLSX file's zip structure before exceljs's streaming reader sees it. The streaming reader trusts the
// file: it inflates whatever the local headers say (a 10 KB "zip bomb" can expand to gigabytes, spooled to temporary
// files and cached in memory), and it reads damaged data without checking CRCs (garbage XML, or a crash mid-import).
// So first: the central directory must be whole and agree with the local headers, entry for entry, without gaps (no
// hidden entries); declared sizes must stay under limits; and every entry is inflated once, counting bytes — it may
// not expand beyond what it declares — and its CRC-32 checked. Memory stays flat: entries are streamed.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import * as zlib from 'node:zlib';

/** Limits on what an XLSX file may expand to. */
export interface XlsxLimits {
  /** All entries together, uncompressed. */
  readonly maxTotalBytes: number;
  /** The shared-strings part, which the reader keeps in memory. */
  readonly maxSharedStringsBytes: number;
  /** Largest expansion ratio of an entry larger than `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  readonly maxEntries: number;
}

/**
 * 1 GiB of XML holds a full Excel sheet of 1,048,576 rows × 15 columns; real workbooks compress 5–30×, zip bombs
 * ~1000×.
 */
export const XLSX_LIMITS: XlsxLimits = {
  maxTotalBytes: 1 << 30,
  maxSharedStringsBytes: 100 * (1 << 20),
  maxRatio: 200,
  ratioFloorBytes: 8 * (1 << 20),
  maxEntries: 10_000,
};

/** Why an XLSX file is refused before reading: issue code and message arguments. */
export class XlsxRefusedError extends Error {
  constructor(
    readonly code: 'xlsx-too-large' | 'xlsx-damaged',
    readonly args: Readonly<Record<string, string>>,
  ) {
    super(`${code}: ${Object.values(args).join('; ')}`);
  }
}

interface Entry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
  /** Where the compressed bytes start (after the local header), once the local header has been read. */
  dataStart: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;

const damaged = (reason: string): XlsxRefusedError => new XlsxRefusedError('xlsx-damaged', { reason });

function megabytes(n: number): string {
  return n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GB` : `${(n / (1 << 20)).toFixed(1)} MB`;
}

/**
 * Throws `XlsxRefusedError` when the file at `path` is not a whole zip, declares more than `limits` allow, expands
 * beyond what it declares, or fails a CRC. Resolves when exceljs may read it.
 */
export async function checkXlsxZip(path: string, limits: XlsxLimits = XLSX_LIMITS): Promise<void> {
  const entries = await readDirectory(path, limits);
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > limits.maxTotalBytes) {
      throw new XlsxRefusedError('xlsx-too-large', {
        got: `共 ${entries.length} 个部件，至少 ${megabytes(total)}`,
        expected: megabytes(limits.maxTotalBytes),
      });
    }
    if (e.name === 'xl/sharedStrings.xml' && e.size > limits.maxSharedStringsBytes) {
      throw new XlsxRefusedError('xlsx-too-large', {
        got: `${e.name} ${megabytes(e.size)}`,
        expected: megabytes(limits.maxSharedStringsBytes),
      });
    }
    if (e.size > limits.ratioFloorBytes && e.size / Math.max(1, e.compressedSize) > limits.maxRatio) {
      throw new XlsxRefusedError('xlsx-too-large', {
        got: `${e.name} 由 ${megabytes(e.compressedSize)} 展开为 ${megabytes(e.size)}（${Math.round(e.size / Math.max(1, e.compressedSize))} 倍）`,
        expected: `${limits.maxRatio} 倍`,
      });
    }
  }
  for (const e of entries) await verifyEntry(path, e);
}

async function readDirectory(path: string, limits: XlsxLimits): Promise<Entry[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size < 22) throw damaged('文件太短，不是 ZIP 压缩包');
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at === -1) throw damaged('找不到 ZIP 目录（文件被截断或不是 XLSX）');
    const count = tail.readUInt16LE(at + 10);
    const directorySize = tail.readUInt32LE(at + 12);
    const directoryOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      throw new XlsxRefusedError('xlsx-too-large', {
        got: 'ZIP64 压缩包（超过 4 GB 或 65535 个部件）',
        expected: '4 GB',
      });
    }
    if (count > limits.maxEntries) {
      throw new XlsxRefusedError('xlsx-too-large', { got: `${count} 个部件`, expected: `${limits.maxEntries} 个` });
    }
    const eocdOffset = size - tailLength + at;
    if (directoryOffset + directorySize !== eocdOffset) throw damaged('ZIP 目录位置不符（文件被截断或拼接）');
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    const entries: Entry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) throw damaged('ZIP 目录已损坏');
      const nameLength = directory.readUInt16LE(p + 28);
      const extraLength = directory.readUInt16LE(p + 30);
      const commentLength = directory.readUInt16LE(p + 32);
      const entry: Entry = {
        flags: directory.readUInt16LE(p + 8),
        method: directory.readUInt16LE(p + 10),
        crc: directory.readUInt32LE(p + 16),
        compressedSize: directory.readUInt32LE(p + 20),
        size: directory.readUInt32LE(p + 24),
        offset: directory.readUInt32LE(p + 42),
        name: directory.toString('utf8', p + 46, p + 46 + nameLength),
        dataStart: 0,
      };
      if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.offset === 0xffffffff) {
        throw new XlsxRefusedError('xlsx-too-large', { got: `ZIP64 部件 ${entry.name}`, expected: '4 GB' });
      }
      entries.push(entry);
      p += 46 + nameLength + extraLength + commentLength;
    }
    if (p !== directory.length) throw damaged('ZIP 目录长度不符');
    // Local headers must match the directory and follow each other without gaps, so a streaming reader (which
    // walks the local headers, not the directory) sees exactly the entries checked here.
    const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
    let expected = 0;
    for (const e of byOffset) {
      if (e.offset !== expected) throw damaged(`部件 ${e.name} 的位置不符（有多余或缺失的数据）`);
      const header = Buffer.alloc(30);
      if ((await file.read(header, 0, 30, e.offset)).bytesRead < 30 || header.readUInt32LE(0) !== LOCAL) {
        throw damaged(`部件 ${e.name} 的文件头已损坏`);
      }
      const nameLength = header.readUInt16LE(26);
      const extraLength = header.readUInt16LE(28);
      const name = Buffer.alloc(nameLength);
      await file.read(name, 0, nameLength, e.offset + 30);
      if (name.toString('utf8') !== e.name || header.readUInt16LE(8) !== e.method) {
        throw damaged(`部件 ${e.name} 的文件头与目录不一致`);
      }
      const dataEnd = e.offset + 30 + nameLength + extraLength + e.compressedSize;
      expected = dataEnd;
      if ((e.flags & 8) !== 0) {
        const signature = Buffer.alloc(4);
        await file.read(signature, 0, 4, dataEnd);
        expected += signature.readUInt32LE(0) === DESCRIPTOR ? 16 : 12;
      }
      e.dataStart = e.offset + 30 + nameLength + extraLength;
    }
    if (expected !== directoryOffset) throw damaged('ZIP 目录之前有多余的数据');
    return entries;
  } finally {
    await file.close();
  }
}

/** Inflates one entry, refusing output beyond its declared size and checking its length and CRC-32. */
async function verifyEntry(path: string, entry: Entry): Promise<void> {
  const { dataStart } = entry;
  if (entry.method !== 0 && entry.method !== 8)
    throw damaged(`部件 ${entry.name} 使用了不支持的压缩方式 ${entry.method}`);
  if (entry.method === 0 && entry.compressedSize !== entry.size) throw damaged(`部件 ${entry.name} 的大小不符`);
  let crc = 0xffffffff;
  let produced = 0;
  let tail = Buffer.alloc(0);
  const raw =
    entry.compressedSize === 0
      ? []
      : createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  const inflater = entry.method === 8 ? zlib.createInflateRaw() : undefined;
  const source: AsyncIterable<Buffer> = inflater
    ? (raw as NodeJS.ReadableStream).pipe(inflater)
    : (raw as AsyncIterable<Buffer>);
  if (inflater && entry.compressedSize === 0) throw damaged(`部件 ${entry.name} 没有数据`);
  try {
    for await (const chunk of source) {
      produced += chunk.length;
      if (produced > entry.size) {
        throw new XlsxRefusedError('xlsx-too-large', {
          got: `${entry.name} 声明 ${megabytes(entry.size)}，实际解压超过此数`,
          expected: `${megabytes(entry.size)}（声明的大小）`,
        });
      }
      crc = crc32Update(crc, chunk);
      tail = Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.length - 64))]).subarray(-64);
    }
  } catch (error) {
    if (error instanceof XlsxRefusedError) throw error;
    throw damaged(`部件 ${entry.name} 无法解压（${(error as Error).message}）`);
  } finally {
    inflater?.destroy();
    if (!Array.isArray(raw)) (raw as NodeJS.ReadableStream & { destroy(): void }).destroy();
  }
  if (produced !== entry.size) throw damaged(`部件 ${entry.name} 解压后 ${produced} 字节，目录记载 ${entry.size} 字节`);
  if ((crc ^ 0xffffffff) >>> 0 !== entry.crc) throw damaged(`部件 ${entry.name} 的 CRC 校验不符`);
  // exceljs's parser stops quietly at the end of a cut-off sheet and keeps the rows it saw: a sheet or the shared
  // strings must end with their closing tag, or part of the table would be imported as if it were all of it.
  const closing = CLOSING_TAGS.find(([pattern]) => pattern.test(entry.name))?.[1];
  if (closing !== undefined && !closing.test(tail.toString('latin1'))) {
    throw damaged(`部件 ${entry.name} 不完整（缺少结束标记）`);
  }
}

/** Parts the reader reads, with the closing tag each must end with (any namespace prefix). */
const CLOSING_TAGS: readonly (readonly [RegExp, RegExp])[] = [
  [/^xl\/worksheets\/sheet\d+\.xml$/, /<\/(?:\w+:)?worksheet>\s*$/],
  [/^xl\/sharedStrings\.xml$/, /<\/(?:\w+:)?sst>\s*$/],
  [/^xl\/workbook\.xml$/, /<\/(?:\w+:)?workbook>\s*$/],
];

let crcTable: Uint32Array | undefined;
// zlib.crc32 exists from Node 20.15; the table below serves older 20.x.
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 (IEEE) of `chunk` continuing from `crc` (start with 0xffffffff, finish by xor 0xffffffff). */
export function crc32Update(crc: number, chunk: Uint8Array): number {
  if (nativeCrc32 !== undefined) return (nativeCrc32(chunk, (crc ^ 0xffffffff) >>> 0) ^ 0xffffffff) >>> 0;
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let c = crc >>> 0;
  for (let i = 0; i < chunk.length; i++) c = table[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}
