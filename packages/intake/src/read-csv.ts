import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import type { RawRow } from '@anju/core';

/** The text encodings a CSV from a Chinese office may come in. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le';

/** Thrown when the bytes are valid in none of the encodings we accept. */
export class EncodingError extends Error {
  constructor(readonly file: string) {
    super(`cannot decode ${file}`);
  }
}

/**
 * Guesses a CSV's encoding from its first bytes: a byte-order mark decides; otherwise valid UTF-8 is UTF-8 and
 * anything else is read as GB18030 (the superset of GBK and GB2312 that Chinese Excel writes).
 */
export function detectEncoding(head: Uint8Array): CsvEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Characters handed to the CSV parser at once (bounds the records it queues). */
const PARSE_SLICE_CHARS = 1 << 16;

/** Picks the delimiter of the first line: tab when it has more tabs than commas, else comma. */
function detectDelimiter(firstText: string): string {
  const line = firstText.split(/\r?\n/, 1)[0] ?? '';
  const tabs = line.split('\t').length;
  const commas = line.split(',').length;
  return tabs > commas ? '\t' : ',';
}

export interface CsvRead {
  encoding(): CsvEncoding | undefined;
  rows: AsyncIterable<RawRow>;
}

/**
 * Streams a CSV file as raw rows (row numbers as a spreadsheet would show them), decoding UTF-8, UTF-8 with
 * BOM, UTF-16LE or GB18030. `onBytes` reports progress in bytes read.
 */
export function readCsv(path: string, file: string, onBytes?: (n: number) => void): CsvRead {
  let encoding: CsvEncoding | undefined;
  async function* decoded(): AsyncGenerator<string> {
    let decoder: TextDecoder | undefined;
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      if (decoder === undefined) {
        encoding = detectEncoding(chunk);
        const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
        decoder = new TextDecoder(label, { fatal: true });
      }
      try {
        yield decoder.decode(chunk, { stream: true });
      } catch {
        throw new EncodingError(file);
      }
    }
    if (decoder !== undefined) {
      try {
        yield decoder.decode();
      } catch {
        throw new EncodingError(file);
      }
    }
  }
  async function* rows(): AsyncGenerator<RawRow> {
    const source = decoded();
    const first = await source.next();
    if (first.done) return;
    const parser = parse({
      delimiter: detectDelimiter(first.value),
      relax_column_count: true,
      skip_empty_lines: false,
      bom: false,
    });
    // A parse error destroys the parser (parser.errored); it is thrown below. The listener keeps it from being unhandled.
    parser.on('error', () => undefined);
    let rowNumber = 0;
    // The parser is driven by hand: write one decoded chunk, then take every record it completed. Piping the chunks
    // through Readable.from and iterating the parser as a stream cost a promise and stream bookkeeping per record.
    let text: string = first.value;
    for (;;) {
      // A slice at a time: the parser queues every record of what it is given, and a megabyte of blank lines is half
      // a million records held at once.
      for (let at = 0; at < text.length; at += PARSE_SLICE_CHARS) {
        parser.write(text.slice(at, at + PARSE_SLICE_CHARS));
        // As the stream iterator did: a chunk with a parse error yields none of its records.
        if (parser.errored) throw parser.errored;
        let record: string[] | null;
        while ((record = parser.read() as string[] | null) !== null) {
          rowNumber++;
          yield { rowNumber, cells: record };
        }
      }
      const next = await source.next();
      if (next.done) break;
      text = next.value;
    }
    parser.end();
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      yield { rowNumber, cells: record };
    }
  }
  return { encoding: () => encoding, rows: rows() };
}
