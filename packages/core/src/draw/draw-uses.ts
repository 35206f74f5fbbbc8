/**
 * The three draws the land policy asks for, built on `runDraw`: 3 appraisal firms from the shortlist (001 三(二)
 * "从入围土地评估机构中随机抽取3家"), 3 review experts from the pool with related-party avoidance (001 三(三) "按照关联
 * 回避原则从中随机抽取3名专家"), and the lottery among bidders who accepted the capped price (001 四(二)).
 */
import { runDraw, type DrawCandidate, type DrawExclusion, type DrawRecord } from './draw.js';

/** An expert in the review pool with the organisations he or she is tied to (employer, recent clients …). */
export interface PoolExpert {
  readonly id: string;
  readonly name: string;
  readonly affiliations?: readonly string[];
}

/** A party to the plot: the land holder, a bidder, an appraisal firm … */
export interface PlotParty {
  readonly id: string;
  readonly name: string;
  /** The party's role, e.g. 竞买人 / bidder. */
  readonly roleZh: string;
  readonly roleEn: string;
}

/** A relation declared by an expert (or found by the land centre) that is not an affiliation. */
export interface DeclaredRelation {
  readonly expertId: string;
  readonly partyId: string;
  readonly relationZh: string;
  readonly relationEn: string;
}

/**
 * The experts to exclude before the draw: those affiliated with, or with a declared relation to, a party of the plot.
 * Each exclusion names the party and the tie, in the pool's order.
 */
export function relatedPartyExclusions(
  experts: readonly PoolExpert[],
  parties: readonly PlotParty[],
  relations: readonly DeclaredRelation[] = [],
): DrawExclusion[] {
  const out: DrawExclusion[] = [];
  for (const ex of experts) {
    const zh: string[] = [];
    const en: string[] = [];
    for (const p of parties) {
      const aff = (ex.affiliations ?? []).find((a) => a === p.id || a === p.name);
      if (aff !== undefined) {
        zh.push(`与${p.roleZh}“${p.name}”存在关联（任职或服务于 ${aff}）`);
        en.push(`related to ${p.roleEn} "${p.name}" (affiliated with ${aff})`);
      }
      for (const r of relations) {
        if (r.expertId === ex.id && r.partyId === p.id) {
          zh.push(`与${p.roleZh}“${p.name}”存在关联（${r.relationZh}）`);
          en.push(`related to ${p.roleEn} "${p.name}" (${r.relationEn})`);
        }
      }
    }
    if (zh.length > 0)
      out.push({ id: ex.id, reasonZh: `关联回避：${zh.join('；')}`, reasonEn: `avoidance: ${en.join('; ')}` });
  }
  return out;
}

/** 3 review experts (or `count`) from the pool after related-party avoidance (001 三(三)). */
export function drawExperts(input: {
  readonly drawId: string;
  readonly seed: string;
  readonly commitment?: string;
  readonly experts: readonly PoolExpert[];
  readonly parties: readonly PlotParty[];
  readonly relations?: readonly DeclaredRelation[];
  readonly count?: number;
}): DrawRecord {
  return runDraw({
    drawId: input.drawId,
    purpose: 'experts',
    seed: input.seed,
    ...(input.commitment === undefined ? {} : { commitment: input.commitment }),
    candidates: input.experts.map((e) => ({ id: e.id, name: e.name })),
    exclusions: relatedPartyExclusions(input.experts, input.parties, input.relations),
    count: input.count ?? 3,
  });
}

/** 3 appraisal firms (or `count`) from the shortlist (001 三(二)); firms may be excluded with a reason. */
export function drawAppraisalFirms(input: {
  readonly drawId: string;
  readonly seed: string;
  readonly commitment?: string;
  readonly firms: readonly DrawCandidate[];
  readonly exclusions?: readonly DrawExclusion[];
  readonly count?: number;
}): DrawRecord {
  return runDraw({
    drawId: input.drawId,
    purpose: 'appraisal-firms',
    seed: input.seed,
    ...(input.commitment === undefined ? {} : { commitment: input.commitment }),
    candidates: input.firms,
    exclusions: input.exclusions ?? [],
    count: input.count ?? 3,
  });
}

/** A lottery: one winner (or `count` in order) among the entrants (001 四(二) 熔断后随机摇号). */
export function drawLottery(input: {
  readonly drawId: string;
  readonly seed: string;
  readonly commitment?: string;
  readonly entrants: readonly DrawCandidate[];
  readonly count?: number;
}): DrawRecord {
  return runDraw({
    drawId: input.drawId,
    purpose: 'lottery',
    seed: input.seed,
    ...(input.commitment === undefined ? {} : { commitment: input.commitment }),
    candidates: input.entrants,
    count: input.count ?? 1,
  });
}
