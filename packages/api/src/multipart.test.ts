import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MalformedMultipartError, multipartBoundary, receiveMultipart, UploadTooLargeError } from './multipart.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-multipart-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The body a browser sends for the form, as the Fetch API encodes it. */
async function encode(form: FormData): Promise<{ bytes: Uint8Array; boundary: string }> {
  const req = new Request('http://x/', { method: 'POST', body: form });
  const boundary = multipartBoundary(req.headers.get('content-type') ?? '')!;
  return { bytes: new Uint8Array(await req.arrayBuffer()), boundary };
}

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const limits = (over: Partial<{ maxFileBytes: number; maxFieldBytes: number }> = {}) => ({
  dir,
  fileFields: ['file'],
  maxFileBytes: 1 << 20,
  maxFieldBytes: 1 << 16,
  ...over,
});

describe('receiveMultipart', () => {
  const content = '单元,期间,指标,数值\r\n甘州区,2026-01,新建商品房销售面积,10.5\r\n'.repeat(50);

  it('streams the file to disk and keeps text fields, whatever the chunk size (1 byte to whole body)', async () => {
    const form = new FormData();
    form.append('reason', '2026年1月数据');
    form.append('file', new Blob([content]), '月报 (1).csv');
    form.append('mapping', new Blob(["version: 1\ncity: '620700'\n"]), 'm.yaml');
    const { bytes, boundary } = await encode(form);
    for (const size of [1, 7, 64, bytes.length]) {
      const sub = join(dir, String(size));
      await rm(sub, { recursive: true, force: true });
      await import('node:fs/promises').then((fs) => fs.mkdir(sub));
      const got = await receiveMultipart(chunks(bytes, size), boundary, { ...limits(), dir: sub });
      expect(Object.fromEntries(got.fields)).toEqual({
        reason: '2026年1月数据',
        mapping: "version: 1\ncity: '620700'\n",
      });
      expect(got.files.map((f) => [f.field, f.fileName, f.size])).toEqual([
        ['file', '月报 (1).csv', Buffer.byteLength(content)],
      ]);
      expect(await readFile(got.files[0]!.path, 'utf8')).toBe(content);
    }
  });

  it('stops at the file size limit and at the field size limit', async () => {
    const form = new FormData();
    form.append('file', new Blob([content]), 'a.csv');
    const { bytes, boundary } = await encode(form);
    await expect(receiveMultipart(chunks(bytes, 100), boundary, limits({ maxFileBytes: 1000 }))).rejects.toBeInstanceOf(
      UploadTooLargeError,
    );
    const text = new FormData();
    text.append('reason', 'x'.repeat(300));
    const encoded = await encode(text);
    await expect(
      receiveMultipart(chunks(encoded.bytes, 100), encoded.boundary, limits({ maxFieldBytes: 200 })),
    ).rejects.toBeInstanceOf(UploadTooLargeError);
  });

  it('refuses a body cut short, and reads a UTF-8 filename* parameter', async () => {
    const form = new FormData();
    form.append('file', new Blob([content]), 'a.csv');
    const { bytes, boundary } = await encode(form);
    await expect(receiveMultipart(chunks(bytes.subarray(0, 200), 50), boundary, limits())).rejects.toBeInstanceOf(
      MalformedMultipartError,
    );
    const raw = [
      `--b1`,
      `Content-Disposition: form-data; name="file"; filename="x.csv"; filename*=UTF-8''${encodeURIComponent('张掖.csv')}`,
      '',
      'a,b',
      '--b1--',
      '',
    ].join('\r\n');
    const got = await receiveMultipart(chunks(new TextEncoder().encode(raw), 3), 'b1', limits());
    expect(got.files.map((f) => [f.fileName, f.size])).toEqual([['张掖.csv', 3]]);
    // The file of the refused body stays for the caller to remove with its directory.
    expect((await readdir(dir)).sort()).toEqual(['0-a.csv', '0-张掖.csv']);
  });

  it('reads the boundary of a multipart content type only', () => {
    expect(multipartBoundary('multipart/form-data; boundary="abc def"')).toBe('abc def');
    expect(multipartBoundary('multipart/form-data; boundary=----x1; charset=utf-8')).toBe('----x1');
    expect(multipartBoundary('application/json')).toBeUndefined();
  });
});
