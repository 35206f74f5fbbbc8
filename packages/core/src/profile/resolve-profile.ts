/**
 * Inheritance of policy profiles: a city profile `extends: national-default` and states only what its own seed
 * says; `resolveProfile` merges the chain into the effective profile a computation uses.
 */
import { formatPath, isRecord, translateIssue } from './profile-issues.js';
import {
  effectivePolicyProfileSchema,
  type EffectivePolicyProfile,
  type PolicyProfile,
  type ProfileError,
} from './profile-schema.js';

/** A profile version, as a computation records it. */
export interface ProfileRef {
  id: string;
  version: string;
}

export type ProfileLookup = (id: string) => PolicyProfile | undefined;

export type ResolveProfileResult =
  | {
      ok: true;
      profile: EffectivePolicyProfile;
      /** From the profile itself up to the root, e.g. city → national-default. */
      chain: ProfileRef[];
      /** For every parameter or rule (by key path; warning rules as `warningRules.<id>`), the profile that set it. */
      origins: Readonly<Record<string, ProfileRef>>;
    }
  | { ok: false; errors: ProfileError[] };

/**
 * Merges `profile` over its ancestors: the child's value wins per parameter (each keeps its own `source`), groups
 * such as `forecast.averageUnitAreaSqm` merge key by key, structured rules (anything with a `source`, and
 * `landSupplyRule`) and lists are replaced whole, except warning rules, which merge by `id`.
 *
 * @example
 * const r = resolveProfile(city, createProfileLookup([nationalDefault, city]));
 * // r.ok && formatProfileChain(r.chain) → 'city@1.0.0 ← national-default@1.0.0'
 */
export function resolveProfile(profile: PolicyProfile, lookup: ProfileLookup): ResolveProfileResult {
  const chain: PolicyProfile[] = [profile];
  let current = profile;
  while (current.extends !== undefined) {
    const parentId = current.extends;
    const parent = lookup(parentId);
    if (parent === undefined) {
      return failure(current.id, 'extends', `继承的配置“${parentId}”不存在`, `unknown parent profile "${parentId}"`);
    }
    if (chain.some((p) => p.id === parent.id)) {
      const loop = [...chain.map((p) => p.id), parent.id].join(' → ');
      return failure(current.id, 'extends', `配置循环继承：${loop}`, `profiles extend each other in a loop: ${loop}`);
    }
    chain.push(parent);
    current = parent;
  }

  const origins: Record<string, ProfileRef> = {};
  let merged: unknown = {};
  for (const layer of [...chain].reverse()) {
    merged = mergeLayer(merged, layer, '', refOf(layer), origins);
  }

  const parsed = effectivePolicyProfileSchema.safeParse(merged, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.flatMap(translateIssue).map((finding) => ({
        file: profile.id,
        path: formatPath(finding.path),
        messageZh: `合并继承链后：${finding.zh}`,
        messageEn: `after merging the extends chain: ${finding.en}`,
      })),
    };
  }
  return { ok: true, profile: parsed.data, chain: chain.map(refOf), origins };
}

/** A lookup over a list of parsed profiles. */
export function createProfileLookup(profiles: readonly PolicyProfile[]): ProfileLookup {
  const byId = new Map(profiles.map((p) => [p.id, p]));
  return (id) => byId.get(id);
}

/** `city@2026-06-01 ← national-default@1.0.0`: the profile version a result records. */
export function formatProfileChain(chain: readonly ProfileRef[]): string {
  return chain.map((ref) => `${ref.id}@${ref.version}`).join(' ← ');
}

function refOf(profile: PolicyProfile): ProfileRef {
  return { id: profile.id, version: profile.version };
}

function failure(file: string, path: string, messageZh: string, messageEn: string): ResolveProfileResult {
  return { ok: false, errors: [{ file, path, messageZh, messageEn }] };
}

/** A cited parameter, a structured rule or the land rule is replaced whole, never merged field by field. */
function isAtomic(value: unknown): boolean {
  return !isRecord(value) || Array.isArray(value) || 'source' in value || 'kind' in value;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function mergeLayer(
  base: unknown,
  over: unknown,
  path: string,
  ref: ProfileRef,
  origins: Record<string, ProfileRef>,
): unknown {
  if (over === undefined) return base;
  if (path === 'warningRules' && Array.isArray(over)) return mergeById(base, over, ref, origins);
  if (isAtomic(over)) {
    origins[path] = ref;
    return over;
  }
  // `over` is a group of parameters: merge it key by key into the parent's group (or into nothing).
  const out: Record<string, unknown> = isRecord(base) && !isAtomic(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(over as Record<string, unknown>)) {
    out[key] = mergeLayer(out[key], value, join(path, key), ref, origins);
  }
  return out;
}

function mergeById(base: unknown, over: readonly unknown[], ref: ProfileRef, origins: Record<string, ProfileRef>) {
  const out = Array.isArray(base) ? [...(base as unknown[])] : [];
  for (const rule of over) {
    const id = isRecord(rule) ? String(rule.id) : '';
    const at = out.findIndex((r) => isRecord(r) && r.id === id);
    if (at === -1) out.push(rule);
    else out[at] = rule;
    origins[`warningRules.${id}`] = ref;
  }
  return out;
}
