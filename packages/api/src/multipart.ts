// A streaming multipart/form-data reader: the uploaded file goes to a temporary file chunk by chunk (never wholly
// in memory) and the upload stops as soon as it passes the size limit; small text parts are kept in memory.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';

export interface ReceivedFile {
  readonly field: string;
  /** The client's file name, reduced to a base name. */
  readonly fileName: string;
  readonly contentType: string;
  /** Where it was written. */
  readonly path: string;
  readonly size: number;
}

export interface ReceivedForm {
  /** Every part that is not streamed to disk, as text (a mapping sent as a file lands here too). */
  readonly fields: ReadonlyMap<string, string>;
  readonly files: readonly ReceivedFile[];
}

export interface MultipartLimits {
  /** Directory for streamed files (must exist). */
  readonly dir: string;
  /** Fields whose content is streamed to a file. */
  readonly fileFields: readonly string[];
  /** Largest streamed file, in bytes. */
  readonly maxFileBytes: number;
  /** Largest in-memory part, in bytes. */
  readonly maxFieldBytes: number;
}

/** The upload (or one of its parts) is larger than allowed. */
export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
}

/** The body is not well-formed multipart/form-data. */
export class MalformedMultipartError extends Error {
  override readonly name = 'MalformedMultipartError';
}

/** The boundary of a multipart/form-data content type, or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const m = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;

interface OpenPart {
  readonly name: string;
  readonly fileName: string | undefined;
  readonly contentType: string;
  size: number;
  readonly file?: { stream: WriteStream; path: string };
  readonly chunks: Buffer[];
}

/**
 * Reads a multipart body part by part. Throws UploadTooLargeError past a limit and MalformedMultipartError when the
 * body ends early or a part has no name; files written before a throw stay in `limits.dir` for the caller to remove.
 */
export async function receiveMultipart(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
  limits: MultipartLimits,
): Promise<ReceivedForm> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields = new Map<string, string>();
  const files: ReceivedFile[] = [];
  // A leading CRLF lets the first boundary (which has none before it) match the delimiter.
  let buf: Buffer = Buffer.from(CRLF);
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  let part: OpenPart | undefined;
  let fileCount = 0;

  const write = async (data: Buffer): Promise<void> => {
    if (part === undefined || data.length === 0) return;
    part.size += data.length;
    if (part.file !== undefined) {
      if (part.size > limits.maxFileBytes) throw new UploadTooLargeError(`file part over ${limits.maxFileBytes} bytes`);
      if (!part.file.stream.write(data)) await once(part.file.stream, 'drain');
    } else {
      if (part.size > limits.maxFieldBytes)
        throw new UploadTooLargeError(`field ${part.name} over ${limits.maxFieldBytes} bytes`);
      part.chunks.push(Buffer.from(data));
    }
  };

  const close = async (): Promise<void> => {
    if (part === undefined) return;
    if (part.file !== undefined) {
      part.file.stream.end();
      await once(part.file.stream, 'finish');
      files.push({
        field: part.name,
        fileName: part.fileName ?? part.name,
        contentType: part.contentType,
        path: part.file.path,
        size: part.size,
      });
    } else if (!fields.has(part.name)) {
      fields.set(part.name, Buffer.concat(part.chunks).toString('utf8'));
    }
    part = undefined;
  };

  const open = (headerText: string): OpenPart => {
    const headers = new Map<string, string>();
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = param(disposition, 'name');
    if (name === undefined) throw new MalformedMultipartError('part without a name');
    const fileName = extendedParam(disposition, 'filename') ?? param(disposition, 'filename');
    const contentType = headers.get('content-type') ?? 'application/octet-stream';
    if (fileName !== undefined && limits.fileFields.includes(name)) {
      const safe = withoutControlChars(basename(fileName.replace(/\\/g, '/'))) || 'upload';
      const path = join(limits.dir, `${fileCount++}-${safe}`);
      return {
        name,
        fileName: safe,
        contentType,
        size: 0,
        chunks: [],
        file: { stream: createWriteStream(path), path },
      };
    }
    return { name, fileName, contentType, size: 0, chunks: [] };
  };

  try {
    for await (const chunk of body) {
      if (state === 'done') continue;
      buf = buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([buf, chunk]);
      for (;;) {
        if (state === 'preamble') {
          const at = buf.indexOf(delimiter);
          if (at < 0) {
            buf = buf.subarray(Math.max(0, buf.length - delimiter.length + 1));
            break;
          }
          buf = buf.subarray(at + delimiter.length);
          state = 'after-delimiter';
        } else if (state === 'after-delimiter') {
          if (buf.length < 2) break;
          if (buf[0] === 0x2d && buf[1] === 0x2d) {
            state = 'done';
            break;
          }
          // Transport padding (spaces or tabs) may follow a boundary before its CRLF.
          const eol = buf.indexOf(CRLF);
          if (eol < 0) break;
          if (buf.subarray(0, eol).toString('latin1').trim() !== '')
            throw new MalformedMultipartError('bad boundary line');
          buf = buf.subarray(eol + 2);
          state = 'headers';
        } else if (state === 'headers') {
          const at = buf.indexOf(HEADER_END);
          if (at < 0) {
            if (buf.length > MAX_HEADER_BYTES) throw new MalformedMultipartError('part headers too long');
            break;
          }
          part = open(buf.subarray(0, at).toString('utf8'));
          buf = buf.subarray(at + HEADER_END.length);
          state = 'body';
        } else if (state === 'body') {
          const at = buf.indexOf(delimiter);
          if (at >= 0) {
            await write(buf.subarray(0, at));
            await close();
            buf = buf.subarray(at + delimiter.length);
            state = 'after-delimiter';
          } else {
            const safe = buf.length - delimiter.length + 1;
            if (safe > 0) {
              await write(buf.subarray(0, safe));
              buf = buf.subarray(safe);
            }
            break;
          }
        } else break;
      }
    }
    if (state !== 'done') throw new MalformedMultipartError('the body ended before the closing boundary');
    return { fields, files };
  } finally {
    if (part?.file !== undefined) part.file.stream.destroy();
  }
}

function withoutControlChars(text: string): string {
  return [...text].filter((ch) => ch.charCodeAt(0) >= 0x20).join('');
}

function param(header: string, key: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(header);
  if (m === null) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]?.trim();
}

/** RFC 5987 `filename*=UTF-8''%E5%BC%A0…`. */
function extendedParam(header: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${key}\\*\\s*=\\s*([^']*)'[^']*'([^;]*)`, 'i').exec(header);
  if (m === null) return undefined;
  try {
    return decodeURIComponent(m[2]!.trim());
  } catch {
    return undefined;
  }
}
