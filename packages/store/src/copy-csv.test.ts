import { describe, expect, it } from 'vitest';
import { copyStatement, csvChunks, csvLine, quoteIdentifier } from './copy-csv.js';

describe('CSV for COPY', () => {
  it('quotes every value, doubles quotes, and leaves NULL as an empty unquoted field', () => {
    expect(csvLine(['a', '', null, 'say "hi", ok', '换行\n之后'])).toBe('"a","",,"say ""hi"", ok","换行\n之后"\n');
  });

  it('builds the COPY statement with quoted identifiers and refuses anything else', () => {
    expect(copyStatement('observation', ['city_code', 'value'], 'STDIN')).toBe(
      'COPY "observation" ("city_code", "value") FROM STDIN WITH (FORMAT csv)',
    );
    expect(() => quoteIdentifier('value"; drop table city; --')).toThrow(/not a valid table or column name/);
  });

  it('splits the text into chunks and counts rows', async () => {
    const counter = { rows: 0 };
    const rows = Array.from({ length: 10 }, (_, i) => [String(i), 'x']);
    const chunks: string[] = [];
    for await (const chunk of csvChunks(rows, 2, counter, 16)) chunks.push(chunk);
    expect(counter.rows).toBe(10);
    // each line is '"i","x"\n' (8 characters); a chunk closes once it reaches 16
    expect(chunks).toHaveLength(5);
    expect(chunks.join('')).toBe(rows.map(([i]) => `"${i}","x"\n`).join(''));
  });
});
