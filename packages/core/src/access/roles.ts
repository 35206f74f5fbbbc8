// Roles and who may do what (SPEC §6; 000 §十(一) 市级统筹、区级主责、部门协同): pure policy, no I/O. The API asks
// `decideAccess` before a handler runs; the store enforces the same write scope inside the write transaction.
import { getMeasure, MEASURES, type Department } from '../measure/catalogue.js';

/** The roles an account can have; `public` is also what an anonymous visitor is. */
export type Role = 'administrator' | 'city-analyst' | 'district-editor' | 'department-user' | 'viewer' | 'public';

export const ROLES: readonly Role[] = [
  'administrator',
  'city-analyst',
  'district-editor',
  'department-user',
  'viewer',
  'public',
];

export const ROLE_LABELS: Readonly<Record<Role, { readonly zh: string; readonly en: string }>> = {
  administrator: { zh: '系统管理员', en: 'administrator' },
  'city-analyst': { zh: '市级分析员', en: 'city analyst' },
  'district-editor': { zh: '区县填报员', en: 'district editor' },
  'department-user': { zh: '部门用户', en: 'department user' },
  viewer: { zh: '只读用户', en: 'viewer' },
  public: { zh: '公众', en: 'public' },
};

export const DEPARTMENTS: readonly Department[] = [
  'statistics',
  'housing',
  'natural-resources',
  'finance',
  'provident-fund',
  'public-security',
];

export const DEPARTMENT_LABELS: Readonly<Record<Department, { readonly zh: string; readonly en: string }>> = {
  statistics: { zh: '统计', en: 'statistics' },
  housing: { zh: '住房城乡建设', en: 'housing and construction' },
  'natural-resources': { zh: '资源规划', en: 'natural resources and planning' },
  finance: { zh: '金融', en: 'finance' },
  'provident-fund': { zh: '住房公积金', en: 'housing provident fund' },
  'public-security': { zh: '公安', en: 'public security' },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isDepartment(value: string): value is Department {
  return (DEPARTMENTS as readonly string[]).includes(value);
}

/** Who is asking: an account (or the anonymous public) with the scope its role is bound to. */
export interface Principal {
  readonly login: string;
  readonly role: Role;
  /** The city the account works for; null = every city. District editors always have one. */
  readonly cityCode: string | null;
  /** District editors: the district (区县) unit code whose units they edit. */
  readonly districtCode: string | null;
  /** Department users: the department whose measures they edit. */
  readonly department: Department | null;
}

/** The anonymous visitor: sees only what is published. */
export const ANONYMOUS: Principal = {
  login: '',
  role: 'public',
  cityCode: null,
  districtCode: null,
  department: null,
};

/**
 * What a route needs (one decision per route in the API's route policy table):
 * - `open`: anyone, signed in or not (health, sign-in, the API description);
 * - `published`: published figures and reference data — every role, the public included;
 * - `read`: drafts, history, revisions, the import jobs — every signed-in role except public;
 * - `compute`: computations on the request body that write nothing — every signed-in role except public;
 * - `self`: the caller's own session and password — any signed-in account;
 * - `edit-data`: imports, publish, discard — administrators, city analysts, district editors (their district's
 *   units), department users (their department's measures);
 * - `edit-plan`: plans, scenarios, profiles and other city-wide settings — administrators and city analysts;
 * - `audit`: the audit trail — administrators and city analysts;
 * - `manage-users`: accounts and roles — administrators.
 */
export type AccessRule =
  'open' | 'published' | 'read' | 'compute' | 'self' | 'edit-data' | 'edit-plan' | 'audit' | 'manage-users';

export const ACCESS_RULES: readonly AccessRule[] = [
  'open',
  'published',
  'read',
  'compute',
  'self',
  'edit-data',
  'edit-plan',
  'audit',
  'manage-users',
];

const RULE_ROLES: Readonly<Record<AccessRule, readonly Role[]>> = {
  open: ROLES,
  published: ROLES,
  read: ['administrator', 'city-analyst', 'district-editor', 'department-user', 'viewer'],
  compute: ['administrator', 'city-analyst', 'district-editor', 'department-user', 'viewer'],
  self: ROLES,
  'edit-data': ['administrator', 'city-analyst', 'district-editor', 'department-user'],
  'edit-plan': ['administrator', 'city-analyst'],
  audit: ['administrator', 'city-analyst'],
  'manage-users': ['administrator'],
};

/** The roles a rule admits (before any city, district or department scope). */
export function rolesFor(rule: AccessRule): readonly Role[] {
  return RULE_ROLES[rule];
}

/** What a request touches, as far as it is known before the handler runs. */
export interface AccessTarget {
  /** The city in the path, if any. */
  readonly cityCode?: string;
  /** Units named in the path or query; with `unitDistricts`, checked against a district editor's district. */
  readonly unitCodes?: readonly string[];
  /** For each unit in `unitCodes`: its district (区县) code, or null for the city itself and unknown codes. */
  readonly unitDistricts?: ReadonlyMap<string, string | null>;
  /** Measures named in the request; checked against a department user's department. */
  readonly measureCodes?: readonly string[];
}

/** Why a request was refused. `sign-in`: an anonymous caller must sign in first (401); the rest are 403. */
export type DenialReason = 'sign-in' | 'role' | 'city' | 'district' | 'department';

export type AccessDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: DenialReason; readonly subject?: string };

const ALLOW: AccessDecision = { allowed: true };

/**
 * Decides whether `who` may do what `rule` covers on `target`. Reads only look at the role; edits also check the
 * city, a district editor's district and a department user's measures.
 *
 * @example
 * decideAccess('edit-data', { login: 'gz', role: 'district-editor', cityCode: '620700', districtCode: '620702',
 *   department: null }, { cityCode: '620700', unitCodes: ['620723'], unitDistricts: new Map([['620723', '620723']]) });
 * // → { allowed: false, reason: 'district', subject: '620723' }
 */
export function decideAccess(rule: AccessRule, who: Principal | undefined, target: AccessTarget = {}): AccessDecision {
  const principal = who ?? ANONYMOUS;
  const anonymous = who === undefined || principal.login === '';
  if (rule === 'open') return ALLOW;
  if (rule === 'published') return ALLOW;
  if (anonymous) return { allowed: false, reason: 'sign-in' };
  if (!RULE_ROLES[rule].includes(principal.role)) return { allowed: false, reason: 'role' };
  if (rule !== 'edit-data' && rule !== 'edit-plan') return ALLOW;
  if (principal.cityCode !== null && target.cityCode !== undefined && target.cityCode !== principal.cityCode) {
    return { allowed: false, reason: 'city', subject: target.cityCode };
  }
  if (principal.role === 'district-editor') {
    for (const unit of target.unitCodes ?? []) {
      const district = target.unitDistricts?.get(unit) ?? null;
      if (district !== principal.districtCode) return { allowed: false, reason: 'district', subject: unit };
    }
  }
  if (principal.role === 'department-user') {
    for (const measure of target.measureCodes ?? []) {
      if (measureDepartment(measure) !== principal.department) {
        return { allowed: false, reason: 'department', subject: measure };
      }
    }
  }
  return ALLOW;
}

/** The department that feeds a measure (from the catalogue), or null for an unknown code. */
export function measureDepartment(measureCode: string): Department | null {
  return getMeasure(measureCode)?.department ?? null;
}

/** The measure codes a department feeds, in catalogue order: e.g. 资源规划 → the land (地) measures. */
export function departmentMeasures(department: Department): readonly string[] {
  return MEASURES.filter((m) => m.department === department).map((m) => m.code);
}

/**
 * The write scope the store must enforce for an account's imports and publications: null fields are unrestricted.
 * Administrators and city analysts write everything in their city.
 */
export interface WriteScopeOf {
  readonly districtCode: string | null;
  readonly measureCodes: readonly string[] | null;
}

export function writeScopeOf(principal: Principal): WriteScopeOf {
  return {
    districtCode: principal.role === 'district-editor' ? principal.districtCode : null,
    measureCodes:
      principal.role === 'department-user' && principal.department !== null
        ? departmentMeasures(principal.department)
        : null,
  };
}

/** Checks an account's shape: district editors need a city and a district, department users a department. */
export function principalProblems(p: Omit<Principal, 'login'>): readonly ('district' | 'department' | 'city')[] {
  const out: ('district' | 'department' | 'city')[] = [];
  if (p.role === 'district-editor') {
    if (p.districtCode === null) out.push('district');
    if (p.cityCode === null) out.push('city');
  }
  if (p.role === 'department-user' && p.department === null) out.push('department');
  return out;
}
