// A plan evaluation as a PDF: Chromium prints the HTML page (evaluation-html.ts) when a browser is installed;
// otherwise the built-in renderer draws the same content — the 002 十三五 table with a coloured status, one block
// per indicator (narrative, the ECharts trend chart beside the district ranking, sources), and the method.
import { STATUS_LABELS, statusKinds, type EvaluationRow, type PlanEvaluation } from '@anju/core';
import { GREY, PdfWriter, type PdfCell, type PdfColumn } from '../pdf/pdf-document.js';
import { renderPdf, type RenderedPdf } from '../pdf/render-pdf.js';
import { renderEvaluationHtml, sourceLine, trendChartSvg } from './evaluation-html.js';

type Meta = { readonly version: number | null; readonly generatedAt: string };

const CHART = { width: 330, height: 190 } as const;

function mainTable(w: PdfWriter, e: PlanEvaluation): void {
  const columns: PdfColumn[] = [
    { label: '指标分类', align: 'left' },
    { label: '指标名称', align: 'left' },
    { label: '单位', align: 'center', nowrap: true },
    { label: '规划目标', align: 'right', nowrap: true },
    { label: '完成情况', align: 'right', nowrap: true },
    { label: '指标属性', align: 'center', nowrap: true },
    { label: '进展状态', align: 'left', nowrap: true },
  ];
  let lastCategory = '';
  const rows: PdfCell[][] = e.rows.map((r) => {
    const cat = r.categoryZh === lastCategory ? '' : r.categoryZh;
    lastCategory = r.categoryZh;
    const pass = r.status.pass === null ? '' : r.status.pass ? '（达标）' : '（未达标）';
    return [
      { text: cat, color: '#1f1f1f' },
      r.nameZh,
      r.uomZh,
      r.targetText,
      `${r.achievedText}${r.achievedYear === null ? '' : ` (${r.achievedYear})`}`,
      `${r.attributeZh}${pass}`,
      { text: r.statusZh, dot: r.colour },
    ];
  });
  w.table(columns, rows, { fontSize: 8.5 });
  w.gap(3);
  w.text(
    '规划目标中 [ ] 为五年累计值（温州“十四五”规划的写法），其余为期末值；完成情况中 [ ] 为规划期内累计完成，括号内为数据年份。',
    { size: 8, color: GREY },
  );
}

function rankingRows(r: EvaluationRow): PdfCell[][] {
  return r.ranking.map((u) => [
    u.rank === null ? '—' : String(u.rank),
    u.nameZh,
    u.target,
    u.status.latest?.value ?? '—',
    u.status.status.value ?? '—',
    { text: STATUS_LABELS[u.status.kind].zh, dot: STATUS_LABELS[u.status.kind].colour },
  ]);
}

const RANK_COLUMNS: PdfColumn[] = [
  { label: '排名', align: 'center', nowrap: true },
  { label: '区县', align: 'left' },
  { label: '分解目标', align: 'right', nowrap: true },
  { label: '累计完成', align: 'right', nowrap: true },
  { label: '进度比 R', align: 'right', nowrap: true },
  { label: '状态', align: 'left', nowrap: true },
];

function indicatorBlock(w: PdfWriter, r: EvaluationRow): void {
  const chart = trendChartSvg(r);
  const title = `${r.nameZh}  ${r.statusZh}${r.status.status.value === null ? '' : ` · R = ${r.status.status.value}`}`;
  const sources = `来源：${r.sources.map(sourceLine).join('；')}`;
  const ranking = rankingRows(r);
  const half = (w.width - 12) / 2;
  const chartHeight = chart === '' ? 14 : (CHART.height * half) / CHART.width;
  const rankHeight = ranking.length === 0 ? 0 : (ranking.length + 1) * 14;
  const estimate =
    w.measure(title, { size: 10.5, bold: true }, w.width - 12) +
    w.measure(r.narrativeZh, { size: 9 }, w.width) +
    Math.max(chartHeight, rankHeight) +
    w.measure(sources, { size: 8 }, w.width) +
    16;
  w.gap(6);
  w.ensure(Math.min(estimate, 600));
  const top = w.y;
  w.dot(w.left + 4, top + 8, r.colour, 3.6);
  w.text(title, { size: 10.5, bold: true, x: w.left + 12, width: w.width - 12 });
  w.text(r.narrativeZh, { size: 9 });
  w.gap(2);
  const blockTop = w.y;
  let below = blockTop;
  if (chart === '') {
    w.text('无实际值，未绘制趋势图', { size: 8, color: GREY, width: half });
    below = w.y;
  } else {
    below = blockTop + w.svg(chart, CHART, { x: w.left, width: half });
  }
  if (ranking.length > 0) {
    w.doc.y = blockTop + 4;
    w.table(RANK_COLUMNS, ranking, { fontSize: 7.5, x: w.left + half + 12, width: half });
    // the ranking may have started a new page; otherwise continue below the taller of chart and table
    below = w.y < blockTop ? w.y : Math.max(below, w.y);
  }
  w.doc.y = below + 2;
  w.text(sources, { size: 8, color: GREY });
}

/** Draws the evaluation with the built-in renderer (no browser, fonts embedded) and returns the PDF's bytes. */
export async function drawEvaluationPdf(e: PlanEvaluation, meta: Meta): Promise<Buffer> {
  const t = e.thresholds;
  const profile = t.profile === undefined ? 'Anju 默认阈值' : `${t.profile.id}@${t.profile.version}`;
  const w = new PdfWriter({
    title: e.titleZh,
    subject: `${e.periodZh} ${e.year}`,
    createdAt: new Date(meta.generatedAt),
  });
  w.header(
    e.titleZh,
    `规划期 ${e.periodZh} · 评估年份 ${e.year} · 规划版本 ${meta.version === null ? '随附种子版' : `v${meta.version}`} · 政策配置 ${profile} · 生成于 ${meta.generatedAt.slice(0, 10)}`,
  );

  w.heading('一、主要指标完成情况');
  const summary = statusKinds
    .filter((k) => e.counts[k] > 0)
    .map((k) => `${STATUS_LABELS[k].zh} ${e.counts[k]} 项`)
    .join('，');
  const binding = e.binding.pass + e.binding.fail + e.binding.undetermined;
  w.text(
    `共 ${e.rows.length} 项指标：${summary}${binding === 0 ? '' : `；约束性指标 ${binding} 项，达标 ${e.binding.pass} 项、未达标 ${e.binding.fail} 项、待定 ${e.binding.undetermined} 项`}`,
    { size: 9.5 },
  );
  w.gap(4);
  mainTable(w, e);

  w.heading('二、分项评估', 160);
  for (const r of e.rows) indicatorBlock(w, r);

  w.heading('三、评估方法', 60);
  w.text(e.methodZh, { size: 8.5, color: '#434343' });
  w.closingNote('本报告由安居（Anju）根据规划指标体系与正式库已发布数据生成；每段文字仅由该指标的数字生成。', 8, 12);
  return w.finish();
}

/**
 * The evaluation as A4 PDF bytes: Chromium prints the HTML page when a browser is installed and not disabled
 * (ANJU_CHROMIUM), else the built-in renderer draws it.
 */
export function renderEvaluationPdf(e: PlanEvaluation, meta: Meta): Promise<RenderedPdf> {
  return renderPdf({ html: () => renderEvaluationHtml(e, meta), builtin: () => drawEvaluationPdf(e, meta) });
}
