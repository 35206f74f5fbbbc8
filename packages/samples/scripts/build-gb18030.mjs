// Writes the one sample CSV that is GB18030-encoded (no BOM), the way Chinese Excel saves "CSV" files, so the
// importer's encoding detection is exercised on real bytes. Run from the repository root:
//
//   node packages/samples/scripts/build-gb18030.mjs
//
// No encoder library is installed (iconv-lite is not in node_modules), so the encoder is built from the platform's
// own GB18030 *decoder*: every two-byte GB18030 sequence is decoded once and the table is inverted. The text only
// uses characters from the two-byte (GBK) range; anything else makes the script fail instead of writing a bad byte.
// The result is decoded again and compared with the source text before the file is written.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../data/zhangye/003-inventory-by-county.csv', import.meta.url));

// Seed 003 第一章第二节 3：附表：张掖市商品房库存统计表 — values exactly as printed ("-" for 肃南县's cycle).
const rows = [
  ['附表：张掖市商品房库存统计表', '', '', '', ''],
  ['县区', '商品房累计可售面积（万m2）', '商品住宅累计可售面积（万m2）', '住宅累计可售套数', '住宅去化周期（个月）'],
  ['甘州区', '200.87', '81.30', '7154', '19'],
  ['临泽县', '18.08', '6.02', '383', '13'],
  ['高台县', '26.99', '6.26', '300', '13'],
  ['山丹县', '41.34', '14.91', '1938', '24'],
  ['民乐县', '78.63', '37.56', '3438', '24'],
  ['肃南县', '4.96', '2.36', '220', '-'],
  ['全市', '370.87', '148.41', '13433', '20'],
  ['注：数据截至2025年底，来源于市房地产市场管理和房屋交易网签备案系统。', '', '', '', ''],
];

function csvCell(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const text = rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** Maps each character of the two-byte GB18030 range to its bytes, by decoding every lead/trail pair once. */
function gbkTable() {
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const table = new Map();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      let ch;
      try {
        ch = decoder.decode(Uint8Array.of(lead, trail));
      } catch {
        continue;
      }
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return table;
}

function encodeGb18030(source) {
  const table = gbkTable();
  const bytes = [];
  for (const ch of source) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) {
      bytes.push(cp);
      continue;
    }
    const pair = table.get(ch);
    if (pair === undefined)
      throw new Error(`no two-byte GB18030 code for ${JSON.stringify(ch)} (U+${cp.toString(16)})`);
    bytes.push(...pair);
  }
  return Uint8Array.from(bytes);
}

const encoded = encodeGb18030(text);
const roundTrip = new TextDecoder('gb18030', { fatal: true }).decode(encoded);
if (roundTrip !== text) throw new Error('GB18030 round trip changed the text');
writeFileSync(out, encoded);
console.log(`wrote ${out} (${encoded.length} bytes, GB18030)`);
