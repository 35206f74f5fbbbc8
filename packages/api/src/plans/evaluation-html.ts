// A plan evaluation as a printable Chinese HTML page (and PDF through report-pdf.ts): the 002 十三五 table layout
// (指标分类, 指标名称, 规划目标, 完成情况, 指标属性) plus a coloured status, then one block per indicator with its
// narrative line, a small trend chart rendered on the server by ECharts as inline SVG, and the district ranking.
import * as echarts from 'echarts';
import {
  describeSource,
  STATUS_LABELS,
  statusKinds,
  type EvaluationRow,
  type PlanEvaluation,
  type SourceRef,
} from '@anju/core';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
// single quotes: the names go into SVG style attributes, which ECharts writes inside double quotes
const FONT =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif";

function svgChart(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/** The trend chart of one indicator: actuals (running totals for cumulative targets), the path to the target and the target. */
export function trendChartSvg(row: EvaluationRow, width = 330, height = 190): string {
  const t = row.trend;
  const hasActual = t.actual.some((v) => v !== null);
  if (!hasActual) return '';
  const years = t.years.map(String);
  const targetIndex = t.years.indexOf(t.targetYear);
  const targetSeries = t.years.map((_, i) => (i === targetIndex && t.target !== null ? Number(t.target) : null));
  return svgChart(
    {
      grid: { left: 52, right: 14, top: 26, bottom: 40 },
      legend: { bottom: 0, itemWidth: 14, textStyle: { fontSize: 10 }, data: ['实际', '目标路径', '目标'] },
      xAxis: { type: 'category', data: years, axisLabel: { fontSize: 9 } },
      yAxis: {
        type: 'value',
        scale: true,
        name: row.uomZh,
        nameTextStyle: { fontSize: 9 },
        axisLabel: { fontSize: 9 },
      },
      series: [
        {
          name: '实际',
          type: 'line',
          data: t.actual.map(num),
          connectNulls: true,
          color: '#1677ff',
          symbolSize: 5,
          label: { show: true, fontSize: 9, position: 'top' },
        },
        {
          name: '目标路径',
          type: 'line',
          data: t.path.map(num),
          color: '#8c8c8c',
          lineStyle: { type: 'dashed', width: 1 },
          symbol: 'none',
        },
        {
          name: '目标',
          type: 'scatter',
          data: targetSeries,
          color: '#cf1322',
          symbol: 'diamond',
          symbolSize: 9,
        },
      ],
    },
    width,
    height,
  );
}

function statusCell(row: EvaluationRow): string {
  return `<td class="status"><span class="dot" style="background:${row.colour}"></span>${esc(row.statusZh)}</td>`;
}

function mainTable(e: PlanEvaluation): string {
  let lastCategory = '';
  const body = e.rows
    .map((r) => {
      const cat = r.categoryZh === lastCategory ? '' : r.categoryZh;
      lastCategory = r.categoryZh;
      const pass = r.status.pass === null ? '' : r.status.pass ? '（达标）' : '（未达标）';
      return `<tr><td class="cat">${esc(cat)}</td><td>${esc(r.nameZh)}</td><td class="c">${esc(r.uomZh)}</td><td class="right">${esc(r.targetText)}</td><td class="right">${esc(r.achievedText)}${r.achievedYear === null ? '' : `<span class="yr">${r.achievedYear}</span>`}</td><td class="c">${esc(r.attributeZh)}${esc(pass)}</td>${statusCell(r)}</tr>`;
    })
    .join('\n');
  return `<table class="main"><thead><tr><th>指标分类</th><th>指标名称</th><th>单位</th><th>规划目标</th><th>完成情况</th><th>指标属性</th><th>进展状态</th></tr></thead><tbody>
${body}
</tbody></table>
<p class="note">规划目标中 [ ] 为五年累计值（温州“十四五”规划的写法），其余为期末值；完成情况中 [ ] 为规划期内累计完成，小字为数据年份。</p>`;
}

function rankingTable(r: EvaluationRow): string {
  if (r.ranking.length === 0) return '';
  const rows = r.ranking
    .map(
      (u) =>
        `<tr><td class="c">${u.rank ?? '—'}</td><td>${esc(u.nameZh)}</td><td class="right">${esc(u.target)}</td><td class="right">${esc(u.status.latest?.value ?? '—')}</td><td class="right">${esc(u.status.status.value ?? '—')}</td><td class="status"><span class="dot" style="background:${STATUS_LABELS[u.status.kind].colour}"></span>${esc(STATUS_LABELS[u.status.kind].zh)}</td></tr>`,
    )
    .join('');
  return `<table class="rank"><thead><tr><th>排名</th><th>区县</th><th>分解目标</th><th>累计完成</th><th>进度比 R</th><th>状态</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A source as a reader wants it: the seed passage, or the published value's measure, period and revision. */
export function sourceLine(s: SourceRef): string {
  return s.kind === 'observation'
    ? `正式库 ${s.unitCode} ${s.measureCode}${s.dimension === '' ? '' : `/${s.dimension}`} ${s.period}（修订 ${s.revisionId}）`
    : describeSource(s, 'zh');
}

function indicatorBlock(r: EvaluationRow): string {
  const chart = trendChartSvg(r);
  const sources = r.sources.map(sourceLine).join('；');
  return `<div class="ind">
<h3><span class="dot" style="background:${r.colour}"></span>${esc(r.nameZh)} <small>${esc(r.statusZh)}${r.status.status.value === null ? '' : ` · R = ${esc(r.status.status.value)}`}</small></h3>
<p class="narr">${esc(r.narrativeZh)}</p>
${chart === '' ? '<p class="nodata">无实际值，未绘制趋势图</p>' : `<div class="chart">${chart}</div>`}
${rankingTable(r)}
<p class="src">来源：${esc(sources)}</p>
</div>`;
}

const CSS = `
@page { size: A4; margin: 16mm 13mm 18mm 13mm; }
* { box-sizing: border-box; }
body { font-family: ${FONT}; color: #1f1f1f; font-size: 10pt; line-height: 1.5; margin: 0 auto; max-width: 190mm; }
header { border-bottom: 2px solid #1677ff; padding-bottom: 6px; margin-bottom: 10px; }
h1 { font-size: 16pt; margin: 0 0 4px; text-align: center; }
.meta { color: #595959; font-size: 9pt; text-align: center; margin: 0; }
h2 { font-size: 12pt; margin: 14px 0 6px; border-left: 4px solid #1677ff; padding-left: 8px; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 0 0 2px; }
h3 small { color: #595959; font-weight: normal; font-size: 9pt; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th, td { border: 1px solid #d9d9d9; padding: 2px 5px; }
th { background: #f0f5ff; font-weight: 600; white-space: nowrap; }
td.right { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.c { text-align: center; white-space: nowrap; }
td.cat { color: #1f1f1f; font-weight: 600; }
td.status { white-space: nowrap; }
.yr { color: #8c8c8c; font-size: 7.5pt; margin-left: 3px; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 4px; vertical-align: -1px; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.note, .src, .nodata { color: #595959; font-size: 8pt; margin: 3px 0 0; }
.summary { margin: 6px 0; }
.summary span { margin-right: 12px; white-space: nowrap; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 12px; }
.ind { break-inside: avoid; border: 1px solid #f0f0f0; border-radius: 4px; padding: 6px 8px; }
.narr { margin: 2px 0 4px; font-size: 9pt; }
.chart svg { width: 100%; height: auto; }
table.rank { font-size: 8pt; margin-top: 4px; }
.method { font-size: 8.5pt; color: #434343; }
footer { margin-top: 14px; border-top: 1px solid #d9d9d9; padding-top: 6px; color: #8c8c8c; font-size: 8pt; }
`;

/** The evaluation as one self-contained HTML page (inline CSS and SVG), ready to print. */
export function renderEvaluationHtml(
  e: PlanEvaluation,
  meta: { readonly version: number | null; readonly generatedAt: string },
): string {
  const summary = statusKinds
    .filter((k) => e.counts[k] > 0)
    .map(
      (k) =>
        `<span><span class="dot" style="background:${STATUS_LABELS[k].colour}"></span>${STATUS_LABELS[k].zh} ${e.counts[k]} 项</span>`,
    )
    .join('');
  const binding = e.binding.pass + e.binding.fail + e.binding.undetermined;
  const t = e.thresholds;
  const profile = t.profile === undefined ? 'Anju 默认阈值' : `${t.profile.id}@${t.profile.version}`;
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${esc(e.titleZh)}</title><style>${CSS}</style></head>
<body>
<header>
<h1>${esc(e.titleZh)}</h1>
<p class="meta">规划期 ${esc(e.periodZh)} · 评估年份 ${e.year} · 规划版本 ${meta.version === null ? '随附种子版' : `v${meta.version}`} · 政策配置 ${esc(profile)} · 生成于 ${esc(meta.generatedAt.slice(0, 10))}</p>
</header>
<h2>一、主要指标完成情况</h2>
<p class="summary">共 ${e.rows.length} 项指标：${summary}${binding === 0 ? '' : `；约束性指标 ${binding} 项，达标 ${e.binding.pass} 项、未达标 ${e.binding.fail} 项、待定 ${e.binding.undetermined} 项`}</p>
${mainTable(e)}
<h2>二、分项评估</h2>
<div class="grid">
${e.rows.map(indicatorBlock).join('\n')}
</div>
<h2>三、评估方法</h2>
<p class="method">${esc(e.methodZh)}</p>
<footer>本报告由安居（Anju）根据规划指标体系与正式库已发布数据生成；每段文字仅由该指标的数字生成。</footer>
</body>
</html>
`;
}
