import { describe, expect, it } from 'vitest';
import { copyChunks, copyField, copyLine, copyStatement, quoteIdentifier } from './copy-text.js';

describe('COPY text format', () => {
  it('separates fields with tabs, writes NULL as \\N and escapes backslash, tab, newline and carriage return', () => {
    expect(copyLine(['a', '', null, 'say "hi", ok', '换行\n之后', 'tab\there', 'C:\\dir', '\\N', 'cr\r'])).toBe(
      'a\t\t\\N\tsay "hi", ok\t换行\\n之后\ttab\\there\tC:\\\\dir\t\\\\N\tcr\\r\n',
    );
    expect(copyField('万㎡')).toBe('万㎡');
    expect(copyField(null)).toBe('\\N');
  });

  it('builds the COPY statement with quoted identifiers and refuses anything else', () => {
    expect(copyStatement('observation', ['city_code', 'value'], 'STDIN')).toBe(
      'COPY "observation" ("city_code", "value") FROM STDIN',
    );
    expect(() => quoteIdentifier('value"; drop table city; --')).toThrow(/not a valid table or column name/);
  });

  it('splits the text into chunks and counts rows', async () => {
    const counter = { rows: 0 };
    const rows = Array.from({ length: 10 }, (_, i) => [String(i), 'x']);
    const chunks: string[] = [];
    for await (const chunk of copyChunks(rows, 2, counter, 8)) chunks.push(chunk);
    expect(counter.rows).toBe(10);
    // each line is 'i\tx\n' (4 characters); a chunk closes once it reaches 8
    expect(chunks).toHaveLength(5);
    expect(chunks.join('')).toBe(rows.map(([i]) => `${i}\tx\n`).join(''));
  });
});
