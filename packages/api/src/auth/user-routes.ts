// Accounts and roles, for administrators: list, create (a generated password is shown once), change role or scope,
// disable, reset a password. Every change is an audit event written in the same transaction.
import { isRole, principalProblems, type Department, type Role } from '@anju/core';
import {
  appendAuditEvent,
  createUser,
  findUserByLogin,
  getUser,
  listUnits,
  listUsers,
  setPasswordHash,
  setUserDisabled,
  updateUser,
  type UserInfo,
} from '@anju/store';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { newRouter, type ApiDeps } from '../deps.js';
import { badRequest, notFound, ProblemError } from '../problem.js';
import { jsonResponse, problemResponses } from '../routes/common-schemas.js';
import { callerOf } from './auth-context.js';
import { authMessages } from './auth-messages.js';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, passwordWeakness } from './password.js';
import { DepartmentSchema, RoleSchema, UserSchema, userView } from './user-schemas.js';

const cityCode = z.string().regex(/^\d{6}$/);
const unitCode = z.string().min(1).max(40);

const NewUserBody = z.object({
  login: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,62}$/)
    .openapi({ example: 'ganzhou-editor' }),
  displayName: z.string().trim().min(1).max(100).openapi({ example: '甘州区住建局 张三' }),
  role: RoleSchema,
  cityCode: cityCode.nullable().optional(),
  districtCode: unitCode.nullable().optional(),
  department: DepartmentSchema.nullable().optional(),
  /** Omit to have one generated and shown once. */
  password: z.string().min(1).max(1000).optional(),
});

const PatchBody = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: RoleSchema.optional(),
  cityCode: cityCode.nullable().optional(),
  districtCode: unitCode.nullable().optional(),
  department: DepartmentSchema.nullable().optional(),
  disabled: z.boolean().optional(),
});

const IdParams = z.object({
  id: z
    .string()
    .regex(/^\d{1,18}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const forbidden = {
  403: {
    description: '无权操作 / forbidden',
    content: { 'application/problem+json': { schema: z.record(z.string(), z.unknown()) } },
  },
} as const;

const listRoute = createRoute({
  method: 'get',
  path: '/api/users',
  tags: ['users'],
  summary: '用户列表 / accounts',
  responses: { 200: jsonResponse(z.object({ users: z.array(UserSchema) }), 'accounts'), ...forbidden },
});

const createUserRoute = createRoute({
  method: 'post',
  path: '/api/users',
  tags: ['users'],
  summary: '新建用户（未给密码时生成一次性显示的密码）/ create an account',
  request: { body: { content: { 'application/json': { schema: NewUserBody } }, required: true } },
  responses: {
    201: jsonResponse(z.object({ user: UserSchema, password: z.string().nullable() }), 'created'),
    ...problemResponses(400, 409),
    ...forbidden,
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/api/users/{id}',
  tags: ['users'],
  summary: '修改角色、范围或停用 / change role, scope, or disable',
  request: { params: IdParams, body: { content: { 'application/json': { schema: PatchBody } }, required: true } },
  responses: {
    200: jsonResponse(z.object({ user: UserSchema }), 'changed'),
    ...problemResponses(400, 404, 409),
    ...forbidden,
  },
});

const resetRoute = createRoute({
  method: 'post',
  path: '/api/users/{id}/password',
  tags: ['users'],
  summary: '重设密码（未给时生成；该用户的会话全部失效）/ reset a password',
  request: {
    params: IdParams,
    body: {
      content: { 'application/json': { schema: z.object({ password: z.string().min(1).max(1000).optional() }) } },
      required: true,
    },
  },
  responses: {
    200: jsonResponse(z.object({ user: UserSchema, password: z.string().nullable() }), 'reset'),
    ...problemResponses(400, 404),
    ...forbidden,
  },
});

interface Scope {
  readonly role: Role;
  readonly cityCode: string | null;
  readonly districtCode: string | null;
  readonly department: Department | null;
}

/** Keeps only the scope fields the role uses, and checks that a district editor's district exists. */
async function checkScope(deps: ApiDeps, scope: Scope): Promise<Scope> {
  const clean: Scope = {
    role: scope.role,
    cityCode: scope.role === 'administrator' ? null : scope.cityCode,
    districtCode: scope.role === 'district-editor' ? scope.districtCode : null,
    department: scope.role === 'department-user' ? scope.department : null,
  };
  const missing = principalProblems(clean);
  if (missing.length > 0) throw badRequest(authMessages.scopeMissing(missing));
  if (clean.role === 'district-editor') {
    const units = await listUnits(deps.store, clean.cityCode!);
    const district = units.find((u) => u.unitCode === clean.districtCode);
    if (district === undefined || district.level !== 'district') {
      throw badRequest(authMessages.unknownDistrict(clean.cityCode!, clean.districtCode!), [
        { field: 'districtCode', text: authMessages.unknownDistrict(clean.cityCode!, clean.districtCode!) },
      ]);
    }
  }
  return clean;
}

function checkPassword(password: string, login: string): void {
  if (passwordWeakness(password, login) !== undefined) {
    const text = authMessages.weakPassword(MIN_PASSWORD_LENGTH);
    throw badRequest(text, [{ field: 'password', text }]);
  }
}

/** Without a role and scope, a view of the account for the audit trail. */
const auditView = (u: UserInfo) => ({
  role: u.role,
  cityCode: u.cityCode,
  districtCode: u.districtCode,
  department: u.department,
  displayName: u.displayName,
  disabled: u.disabledAt !== null,
});

async function activeAdministrators(deps: ApiDeps): Promise<UserInfo[]> {
  return (await listUsers(deps.store)).filter((u) => u.role === 'administrator' && u.disabledAt === null);
}

function who(c: Context, deps: ApiDeps) {
  const caller = callerOf(c, deps);
  caller.audited = true;
  return {
    actor: caller.principal.login || deps.user,
    actorRole: caller.mode === 'local' ? 'local' : caller.principal.role,
    clientAddress: caller.clientAddress,
  };
}

export function userRoutes(deps: ApiDeps) {
  return newRouter()
    .openapi(listRoute, async (c) => c.json({ users: (await listUsers(deps.store)).map(userView) }, 200))
    .openapi(createUserRoute, async (c) => {
      const body = c.req.valid('json');
      if (!isRole(body.role)) throw badRequest(authMessages.scopeMissing(['role']));
      const scope = await checkScope(deps, {
        role: body.role,
        cityCode: body.cityCode ?? null,
        districtCode: body.districtCode ?? null,
        department: (body.department ?? null) as Department | null,
      });
      if ((await findUserByLogin(deps.store, body.login)) !== undefined) {
        throw new ProblemError(409, 'conflict', authMessages.loginTaken(body.login));
      }
      const generated = body.password === undefined ? generatePassword() : null;
      const password = body.password ?? generated!;
      checkPassword(password, body.login);
      const hash = await hashPassword(password);
      const now = deps.now();
      const actor = who(c, deps);
      const user = await deps.store.transaction(async (tx) => {
        const created = await createUser(tx, {
          login: body.login,
          displayName: body.displayName,
          ...scope,
          passwordHash: hash,
          createdBy: actor.actor,
          at: now,
        });
        await appendAuditEvent(tx, {
          at: now,
          ...actor,
          action: 'user.create',
          cityCode: created.cityCode,
          target: `user ${created.login}`,
          valueAfter: auditView(created),
        });
        return created;
      });
      return c.json({ user: userView(user), password: generated }, 201);
    })
    .openapi(patchRoute, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const before = await getUser(deps.store, id);
      if (before === undefined) throw notFound(authMessages.unknownUser(id));
      const role = (body.role ?? before.role) as Role;
      const scope = await checkScope(deps, {
        role,
        cityCode: body.cityCode === undefined ? before.cityCode : body.cityCode,
        districtCode: body.districtCode === undefined ? before.districtCode : body.districtCode,
        department: (body.department === undefined ? before.department : body.department) as Department | null,
      });
      const disabling = body.disabled === true && before.disabledAt === null;
      const demoting = before.role === 'administrator' && role !== 'administrator';
      if ((disabling || demoting) && before.role === 'administrator' && before.disabledAt === null) {
        if ((await activeAdministrators(deps)).length <= 1) {
          throw new ProblemError(409, 'conflict', authMessages.lastAdministrator());
        }
      }
      const now = deps.now();
      const actor = who(c, deps);
      const after = await deps.store.transaction(async (tx) => {
        const changed = await updateUser(
          tx,
          id,
          { ...(body.displayName === undefined ? {} : { displayName: body.displayName }), ...scope },
          now,
        );
        if (body.disabled !== undefined && body.disabled !== (before.disabledAt !== null)) {
          await setUserDisabled(tx, id, body.disabled, now);
        }
        const final = (await getUser(tx, id))!;
        const action =
          body.disabled === true && before.disabledAt === null
            ? 'user.disable'
            : body.disabled === false && before.disabledAt !== null
              ? 'user.enable'
              : 'user.update';
        await appendAuditEvent(tx, {
          at: now,
          ...actor,
          action,
          cityCode: changed.cityCode,
          target: `user ${changed.login}`,
          valueBefore: auditView(before),
          valueAfter: auditView(final),
        });
        return final;
      });
      return c.json({ user: userView(after) }, 200);
    })
    .openapi(resetRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { password: given } = c.req.valid('json');
      const user = await getUser(deps.store, id);
      if (user === undefined) throw notFound(authMessages.unknownUser(id));
      const generated = given === undefined ? generatePassword() : null;
      const password = given ?? generated!;
      checkPassword(password, user.login);
      const hash = await hashPassword(password);
      const now = deps.now();
      const actor = who(c, deps);
      await deps.store.transaction(async (tx) => {
        await setPasswordHash(tx, id, hash, now);
        await appendAuditEvent(tx, {
          at: now,
          ...actor,
          action: 'user.password',
          cityCode: user.cityCode,
          target: `user ${user.login}`,
          valueAfter: { by: 'administrator' },
        });
      });
      return c.json({ user: userView((await getUser(deps.store, id))!), password: generated }, 200);
    });
}
