// `anju user add|list|passwd|disable|enable`: accounts for accounts mode, managed on the server's own machine.
// Passwords are never taken from the command line (they would show in `ps` and the shell history): a new one is
// generated and printed once, or read from the environment variable named by --password-env.
import { AccountError, addAccount, disableAccount, resetPassword } from '@anju/api';
import { isDepartment, isRole, ROLE_LABELS, type Role } from '@anju/core';
import { listUsers } from '@anju/store';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { UserError } from '../errors.js';

export interface UserOptions {
  readonly role?: string;
  readonly name?: string;
  readonly city?: string;
  readonly district?: string;
  readonly department?: string;
  readonly passwordEnv?: string;
}

function passwordFromEnv(ctx: Context, name: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (name === undefined) return undefined;
  const value = env[name];
  if (value === undefined || value === '') {
    throw new UserError(t(ctx, `环境变量 ${name} 未设置`, `environment variable ${name} is not set`));
  }
  return value;
}

function accountError(ctx: Context, e: unknown): never {
  if (e instanceof AccountError) throw new UserError(t(ctx, e.zh, e.en));
  throw e;
}

function printPassword(ctx: Context, login: string, password: string | null): void {
  if (password === null) return;
  ctx.out(
    t(
      ctx,
      `用户 ${login} 的初始密码（只显示这一次，请妥善转交并提醒其登录后修改）：${password}`,
      `initial password of ${login} (shown this once; hand it over safely and have it changed): ${password}`,
    ),
  );
}

/** Runs one `anju user` action. */
export async function userCommand(
  ctx: Context,
  action: string | undefined,
  login: string | undefined,
  opts: UserOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const usage = t(
    ctx,
    '用法：anju user list | add 用户名 --role 角色 [--name 姓名] [--city 城市] [--district 区县] [--department 部门] | passwd 用户名 | disable 用户名 | enable 用户名',
    'usage: anju user list | add LOGIN --role ROLE [--name NAME] [--city CODE] [--district CODE] [--department DEPT] | passwd LOGIN | disable LOGIN | enable LOGIN',
  );
  if (action === 'list') {
    return ctx.withStore(async (store) => {
      const users = await listUsers(store);
      if (ctx.json) {
        ctx.out(JSON.stringify(users, null, 2));
        return 0;
      }
      const header =
        ctx.lang === 'zh'
          ? ['用户名', '姓名', '角色', '城市', '区县', '部门', '状态']
          : ['login', 'name', 'role', 'city', 'district', 'department', 'state'];
      ctx.out(
        renderTable(
          header,
          users.map((u) => [
            u.login,
            u.displayName,
            isRole(u.role) ? ROLE_LABELS[u.role][ctx.lang] : u.role,
            u.cityCode ?? '',
            u.districtCode ?? '',
            u.department ?? '',
            u.disabledAt !== null ? t(ctx, '已停用', 'disabled') : t(ctx, '可用', 'active'),
          ]),
        ),
      );
      return 0;
    });
  }
  if (login === undefined || !['add', 'passwd', 'disable', 'enable'].includes(action ?? '')) {
    ctx.err(usage);
    return 2;
  }
  if (action === 'add') {
    const role = opts.role ?? '';
    if (!isRole(role)) {
      throw new UserError(
        t(
          ctx,
          `请用 --role 指定角色：${Object.keys(ROLE_LABELS).join(' | ')}`,
          `give --role: ${Object.keys(ROLE_LABELS).join(' | ')}`,
        ),
      );
    }
    if (opts.department !== undefined && !isDepartment(opts.department)) {
      throw new UserError(t(ctx, `未知部门：${opts.department}`, `unknown department: ${opts.department}`));
    }
    const password = passwordFromEnv(ctx, opts.passwordEnv, env);
    return ctx.withStore(async (store) => {
      const { user, password: generated } = await addAccount(
        store,
        {
          login,
          displayName: opts.name ?? login,
          role: role as Role,
          cityCode: opts.city ?? null,
          districtCode: opts.district ?? null,
          department: (opts.department ?? null) as never,
          ...(password === undefined ? {} : { password }),
        },
        ctx.user,
        ctx.now(),
      ).catch((e: unknown) => accountError(ctx, e));
      ctx.out(
        t(
          ctx,
          `已创建用户 ${user.login}（${ROLE_LABELS[role].zh}）`,
          `created ${user.login} (${ROLE_LABELS[role].en})`,
        ),
      );
      printPassword(ctx, user.login, generated);
      return 0;
    });
  }
  if (action === 'passwd') {
    const password = passwordFromEnv(ctx, opts.passwordEnv, env);
    return ctx.withStore(async (store) => {
      const { user, password: generated } = await resetPassword(store, login, ctx.user, ctx.now(), password).catch(
        (e: unknown) => accountError(ctx, e),
      );
      ctx.out(
        t(
          ctx,
          `已重设 ${user.login} 的密码，其所有会话已失效`,
          `password of ${user.login} reset; all its sessions ended`,
        ),
      );
      printPassword(ctx, user.login, generated);
      return 0;
    });
  }
  const disabled = action === 'disable';
  return ctx.withStore(async (store) => {
    const user = await disableAccount(store, login, ctx.user, ctx.now(), disabled).catch((e: unknown) =>
      accountError(ctx, e),
    );
    ctx.out(
      disabled
        ? t(ctx, `已停用用户 ${user.login}，其所有会话已失效`, `${user.login} disabled; all its sessions ended`)
        : t(ctx, `已启用用户 ${user.login}`, `${user.login} enabled`),
    );
    return 0;
  });
}
