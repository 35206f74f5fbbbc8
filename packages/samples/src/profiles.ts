/**
 * The bundled policy profiles (packages/samples/profiles/*.yaml): the national default and the seed cities, read
 * once per process into one catalogue. Every caller (market, planning, plans, the profile routes and commands) asks
 * the catalogue; core's `resolveProfile` keeps the pure inheritance logic. The YAML files sit beside `src/` and
 * `dist/`, so the same relative URL works from both.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createProfileLookup,
  parseProfile,
  resolveProfile,
  type EffectivePolicyProfile,
  type PolicyProfile,
  type ProfileError,
  type ProfileRef,
  type ResolveProfileResult,
} from '@anju/core';

/** Absolute path of the folder holding the bundled profile documents. */
export const bundledProfilesDir: string = fileURLToPath(new URL('../profiles/', import.meta.url));

/** The profile every city without its own bundled profile uses. */
export const NATIONAL_DEFAULT_PROFILE_ID = 'national-default';

export interface BundledProfile {
  /** The file name without `.yaml`, which is also the profile's `id`. */
  id: string;
  /** Absolute path of the file. */
  file: string;
  text: string;
}

/** A profile with everything it inherits merged in, the chain it came from and where each parameter was set. */
export interface ResolvedProfile {
  readonly profile: EffectivePolicyProfile;
  /** From the profile itself up to the root, e.g. zhangye → national-default. */
  readonly chain: readonly ProfileRef[];
  readonly origins: Readonly<Record<string, ProfileRef>>;
}

export interface ProfileCatalogue {
  /** Every bundled profile as written (before inheritance), sorted by id. */
  list(): readonly PolicyProfile[];
  /** The profile `id` as written, or undefined. */
  get(id: string): PolicyProfile | undefined;
  /** The effective profile `id` with its chain, or undefined when there is no such profile. */
  resolve(id: string): ResolvedProfile | undefined;
  /** The effective profile for a city: the bundled profile with its city code, else the national default. */
  forCity(cityCode: string): ResolvedProfile;
  /** Resolves a candidate document (e.g. one being validated) over the bundled profiles, replacing one of its id. */
  resolveCandidate(candidate: PolicyProfile): ResolveProfileResult;
}

/** A bundled profile that does not parse or resolve: the catalogue refuses to load rather than drop it. */
export class InvalidBundledProfileError extends Error {
  constructor(readonly errors: readonly ProfileError[]) {
    super(
      `invalid bundled policy profile:\n${errors
        .map(
          (e) =>
            `  ${e.file}${e.line === undefined ? '' : `:${e.line}:${e.column ?? 1}`}  ${e.path || '(root)'}  ${e.messageEn}`,
        )
        .join('\n')}`,
    );
    this.name = 'InvalidBundledProfileError';
  }
}

/** Reads every profile document in `dir` (default: the bundled folder), sorted by id, without parsing them. */
export async function listBundledProfiles(dir: string = bundledProfilesDir): Promise<BundledProfile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      return { id: name.slice(0, -'.yaml'.length), file, text: await readFile(file, 'utf8') };
    }),
  );
}

/**
 * Reads, parses and resolves every profile in `dir` now, without the cache. Throws
 * {@link InvalidBundledProfileError} naming the file, line and key path of every problem; a profile whose file name
 * is not its id, or whose chain does not resolve, is refused the same way.
 */
export async function loadProfileCatalogue(dir: string = bundledProfilesDir): Promise<ProfileCatalogue> {
  const files = await listBundledProfiles(dir);
  const ids = files.map((f) => f.id);
  const errors: ProfileError[] = [];
  const profiles: PolicyProfile[] = [];
  for (const f of files) {
    const r = parseProfile(f.text, f.file, { knownProfileIds: ids });
    if (!r.ok) errors.push(...r.errors);
    else if (r.profile.id !== f.id) {
      errors.push({
        file: f.file,
        path: 'id',
        messageZh: `配置 id“${r.profile.id}”与文件名“${f.id}”不一致`,
        messageEn: `profile id "${r.profile.id}" differs from its file name "${f.id}"`,
      });
    } else profiles.push(r.profile);
  }
  if (errors.length > 0) throw new InvalidBundledProfileError(errors);

  const lookup = createProfileLookup(profiles);
  const resolved = new Map<string, ResolvedProfile>();
  for (const p of profiles) {
    const r = resolveProfile(p, lookup);
    if (r.ok) resolved.set(p.id, { profile: r.profile, chain: r.chain, origins: r.origins });
    else errors.push(...r.errors.map((e) => ({ ...e, file: files.find((f) => f.id === p.id)!.file })));
  }
  if (errors.length > 0) throw new InvalidBundledProfileError(errors);
  const fallback = resolved.get(NATIONAL_DEFAULT_PROFILE_ID);

  return {
    list: () => profiles,
    get: (id) => lookup(id),
    resolve: (id) => resolved.get(id),
    forCity(cityCode) {
      const own = profiles.find((p) => p.cityCode === cityCode);
      const r = own === undefined ? fallback : resolved.get(own.id);
      if (r === undefined)
        throw new RangeError(`no bundled profile for city ${cityCode} and no ${NATIONAL_DEFAULT_PROFILE_ID}`);
      return r;
    },
    resolveCandidate: (candidate) =>
      resolveProfile(candidate, createProfileLookup([...profiles.filter((p) => p.id !== candidate.id), candidate])),
  };
}

const loaded = new Map<string, Promise<ProfileCatalogue>>();

/**
 * The catalogue of `dir` (default: the bundled profiles), read once per process and cached; later calls do not touch
 * the files. A failed load is not cached, so the error is reported again on the next call.
 *
 * @example
 * const zhangye = (await profileCatalogue()).resolve('zhangye');
 * // zhangye?.chain → [{ id: 'zhangye', … }, { id: 'national-default', … }]
 */
export function profileCatalogue(dir: string = bundledProfilesDir): Promise<ProfileCatalogue> {
  let p = loaded.get(dir);
  if (p === undefined) {
    p = loadProfileCatalogue(dir);
    loaded.set(dir, p);
    p.catch(() => loaded.delete(dir));
  }
  return p;
}
