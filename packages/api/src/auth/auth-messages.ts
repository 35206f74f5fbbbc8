// User-facing texts of sign-in, accounts, the access policy and the audit trail, Chinese first.
import { DEPARTMENT_LABELS, ROLE_LABELS, type AccessRule, type Role } from '@anju/core';
import type { Text } from '../messages.js';

const ruleText: Readonly<Record<AccessRule, Text>> = {
  open: { zh: '公开', en: 'open' },
  published: { zh: '查看已发布数据', en: 'read published figures' },
  read: { zh: '查看工作库与历史记录', en: 'read drafts and history' },
  compute: { zh: '运行测算', en: 'run computations' },
  self: { zh: '管理自己的账户', en: 'manage your own account' },
  'edit-data': { zh: '导入、发布或作废数据', en: 'import, publish or discard figures' },
  'edit-plan': { zh: '修改规划、计划与配置', en: 'edit plans and settings' },
  audit: { zh: '查看审计记录', en: 'read the audit trail' },
  'manage-users': { zh: '管理用户与角色', en: 'manage users and roles' },
};

export const authMessages = {
  signInRequired: (): Text => ({
    zh: '请先登录后再访问此功能',
    en: 'please sign in to use this',
  }),
  roleRefused: (role: Role, rule: AccessRule): Text => ({
    zh: `当前角色“${ROLE_LABELS[role].zh}”无权${ruleText[rule].zh}`,
    en: `the role "${ROLE_LABELS[role].en}" may not ${ruleText[rule].en}`,
  }),
  cityRefused: (cityCode: string, own: string): Text => ({
    zh: `无权修改城市 ${cityCode} 的数据（您的账户属于城市 ${own}）`,
    en: `you may not change city ${cityCode} (your account belongs to city ${own})`,
  }),
  districtRefused: (unitCode: string, district: string): Text => ({
    zh: `无权修改单元 ${unitCode} 的数据：区县填报员只能修改本区县（${district}）的单元`,
    en: `you may not change unit ${unitCode}: a district editor changes only the units of district ${district}`,
  }),
  departmentRefused: (measureCode: string, department: string): Text => ({
    zh: `无权修改指标 ${measureCode}：部门用户只能修改本部门（${labelOfDepartment(department).zh}）的指标`,
    en: `you may not change measure ${measureCode}: a department user changes only the measures of ${labelOfDepartment(department).en}`,
  }),
  noDecision: (method: string, path: string): Text => ({
    zh: `接口 ${method} ${path} 尚未定义访问权限，已拒绝`,
    en: `${method} ${path} has no access decision yet, so it is refused`,
  }),
  csrfMissing: (): Text => ({
    zh: '缺少或不匹配防跨站请求令牌（X-CSRF-Token），请刷新页面后重试',
    en: 'the anti-forgery token (X-CSRF-Token) is missing or wrong; reload the page and try again',
  }),
  crossOrigin: (): Text => ({
    zh: '拒绝来自其他网站的修改请求',
    en: 'a change requested from another site is refused',
  }),
  notLoopbackHost: (host: string): Text => ({
    zh: `本机模式只接受以 127.0.0.1、localhost 或 [::1] 访问的请求，已拒绝访问地址 ${host}（可能是 DNS 重绑定攻击）`,
    en: `local mode answers only requests to 127.0.0.1, localhost or [::1]; refused the host ${host} (possibly DNS rebinding)`,
  }),
  badCredentials: (): Text => ({
    zh: '用户名或密码错误',
    en: 'wrong user name or password',
  }),
  locked: (until: string, minutes: number): Text => ({
    zh: `连续多次密码错误，账户已锁定，请于 ${minutes} 分钟后（${until} 之后）再试，或请管理员重设密码`,
    en: `too many wrong passwords: the account is locked; try again in ${minutes} minutes (after ${until}) or ask an administrator to reset the password`,
  }),
  rateLimited: (seconds: number): Text => ({
    zh: `登录尝试过于频繁，请 ${Math.ceil(seconds / 60)} 分钟后再试`,
    en: `too many sign-in attempts; try again in ${Math.ceil(seconds / 60)} minutes`,
  }),
  localMode: (): Text => ({
    zh: '本机模式（单用户，仅限 127.0.0.1）不使用账户登录',
    en: 'local mode (single user, 127.0.0.1 only) has no sign-in',
  }),
  weakPassword: (min: number): Text => ({
    zh: `密码至少 ${min} 个字符，且不能包含用户名`,
    en: `the password needs at least ${min} characters and must not contain the user name`,
  }),
  wrongCurrentPassword: (): Text => ({ zh: '当前密码不正确', en: 'the current password is wrong' }),
  loginTaken: (login: string): Text => ({
    zh: `用户名 ${login} 已存在`,
    en: `the user name ${login} is taken`,
  }),
  unknownUser: (id: string): Text => ({ zh: `没有编号为 ${id} 的用户`, en: `no user ${id}` }),
  scopeMissing: (what: readonly string[]): Text => ({
    zh: `该角色需要填写：${what.map((w) => scopeField[w]?.zh ?? w).join('、')}`,
    en: `this role needs: ${what.map((w) => scopeField[w]?.en ?? w).join(', ')}`,
  }),
  unknownDistrict: (city: string, district: string): Text => ({
    zh: `城市 ${city} 中没有区县单元 ${district}`,
    en: `city ${city} has no district ${district}`,
  }),
  lastAdministrator: (): Text => ({
    zh: '不能停用或降级最后一个可用的系统管理员',
    en: 'the last active administrator cannot be disabled or demoted',
  }),
  reasonRequired: (): Text => ({
    zh: '修改已发布的数据须填写原因',
    en: 'a reason is required to change published figures',
  }),
  auditSheet: (): Text => ({ zh: '审计记录', en: 'audit trail' }),
};

const scopeField: Readonly<Record<string, Text>> = {
  district: { zh: '所属区县', en: 'district' },
  city: { zh: '所属城市', en: 'city' },
  department: { zh: '所属部门', en: 'department' },
};

function labelOfDepartment(department: string): Text {
  return DEPARTMENT_LABELS[department as keyof typeof DEPARTMENT_LABELS] ?? { zh: department, en: department };
}
