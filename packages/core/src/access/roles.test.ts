import { describe, expect, it } from 'vitest';
import {
  ACCESS_RULES,
  decideAccess,
  departmentMeasures,
  measureDepartment,
  principalProblems,
  ROLES,
  writeScopeOf,
  type Principal,
  type Role,
} from './roles.js';

const who = (role: Role, extra: Partial<Principal> = {}): Principal => ({
  login: role,
  role,
  cityCode: '620700',
  districtCode: role === 'district-editor' ? '620702' : null,
  department: role === 'department-user' ? 'natural-resources' : null,
  ...extra,
});

const districts = new Map<string, string | null>([
  ['620702', '620702'],
  ['62070201', '620702'],
  ['620723', '620723'],
  ['620700', null],
]);

describe('decideAccess', () => {
  it('gives every rule × role the documented answer', () => {
    const table = Object.fromEntries(
      ACCESS_RULES.map((rule) => [
        rule,
        ROLES.filter((role) => decideAccess(rule, who(role), { cityCode: '620700' }).allowed).join(','),
      ]),
    );
    expect(table).toEqual({
      open: 'administrator,city-analyst,district-editor,department-user,viewer,public',
      published: 'administrator,city-analyst,district-editor,department-user,viewer,public',
      read: 'administrator,city-analyst,district-editor,department-user,viewer',
      compute: 'administrator,city-analyst,district-editor,department-user,viewer',
      self: 'administrator,city-analyst,district-editor,department-user,viewer,public',
      'edit-data': 'administrator,city-analyst,district-editor,department-user',
      'edit-plan': 'administrator,city-analyst',
      audit: 'administrator,city-analyst',
      'manage-users': 'administrator',
    });
  });

  it('asks an anonymous caller to sign in for anything but open and published routes', () => {
    expect(decideAccess('published', undefined)).toEqual({ allowed: true });
    expect(decideAccess('read', undefined)).toEqual({ allowed: false, reason: 'sign-in' });
    expect(decideAccess('self', undefined)).toEqual({ allowed: false, reason: 'sign-in' });
  });

  it('keeps a district editor to the units under their district, and to their city', () => {
    const editor = who('district-editor');
    const target = (units: string[], cityCode = '620700') => ({ cityCode, unitCodes: units, unitDistricts: districts });
    expect(decideAccess('edit-data', editor, target(['620702', '62070201']))).toEqual({ allowed: true });
    expect(decideAccess('edit-data', editor, target(['62070201', '620723']))).toEqual({
      allowed: false,
      reason: 'district',
      subject: '620723',
    });
    // The city total belongs to no district: a district editor cannot state it.
    expect(decideAccess('edit-data', editor, target(['620700']))).toMatchObject({ reason: 'district' });
    expect(decideAccess('edit-data', editor, target([], '330300'))).toEqual({
      allowed: false,
      reason: 'city',
      subject: '330300',
    });
    // Reading other districts is allowed.
    expect(decideAccess('read', editor, target(['620723']))).toEqual({ allowed: true });
  });

  it('keeps a 资源规划 department user to the land measures', () => {
    const user = who('department-user');
    expect(decideAccess('edit-data', user, { measureCodes: ['land.residential-supplied', 'land.idle'] })).toEqual({
      allowed: true,
    });
    expect(decideAccess('edit-data', user, { measureCodes: ['land.idle', 'housing.sales-area'] })).toEqual({
      allowed: false,
      reason: 'department',
      subject: 'housing.sales-area',
    });
  });

  it('lets a city analyst without a city edit every city', () => {
    expect(decideAccess('edit-data', who('city-analyst', { cityCode: null }), { cityCode: '330300' })).toEqual({
      allowed: true,
    });
    expect(decideAccess('edit-data', who('city-analyst'), { cityCode: '330300' })).toMatchObject({ reason: 'city' });
  });
});

describe('departments and write scopes', () => {
  it('maps measures to departments from the catalogue', () => {
    expect(departmentMeasures('natural-resources')).toEqual([
      'land.residential-supplied',
      'land.supplied-not-started',
      'land.idle',
      'land.revitalised',
      'land.price-residential',
    ]);
    expect(measureDepartment('money.mortgage-loans')).toBe('finance');
    expect(measureDepartment('no.such')).toBeNull();
  });

  it('derives the store scope from the role', () => {
    expect(writeScopeOf(who('city-analyst'))).toEqual({ districtCode: null, measureCodes: null });
    expect(writeScopeOf(who('district-editor'))).toEqual({ districtCode: '620702', measureCodes: null });
    expect(writeScopeOf(who('department-user')).measureCodes).toHaveLength(5);
  });

  it('names what an account of a role lacks', () => {
    expect(principalProblems({ ...who('district-editor'), districtCode: null, cityCode: null })).toEqual([
      'district',
      'city',
    ]);
    expect(principalProblems({ ...who('department-user'), department: null })).toEqual(['department']);
    expect(principalProblems(who('viewer'))).toEqual([]);
  });
});
