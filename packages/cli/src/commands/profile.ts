import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { parseProfile, type ProfileError } from '@anju/core';
import { profileCatalogue } from '@anju/samples';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { UserError } from '../errors.js';

function formatProfileError(ctx: Context, e: ProfileError): string {
  const where = [e.file, e.line !== undefined ? `${e.line}:${e.column ?? 1}` : undefined].filter(Boolean).join(':');
  return `${where}  ${e.path || '(root)'}  ${ctx.lang === 'zh' ? e.messageZh : e.messageEn}`;
}

/** `anju profile list`: the bundled policy profiles. */
export async function profileListCommand(ctx: Context): Promise<number> {
  const profiles = (await profileCatalogue()).list();
  if (ctx.json) {
    ctx.out(
      JSON.stringify(
        profiles.map((p) => ({
          id: p.id,
          version: p.version,
          nameZh: p.nameZh,
          nameEn: p.nameEn,
          cityCode: p.cityCode ?? null,
          extends: p.extends ?? null,
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  ctx.out(
    renderTable(
      [
        t(ctx, '配置', 'profile'),
        t(ctx, '版本', 'version'),
        t(ctx, '名称', 'name'),
        t(ctx, '城市', 'city'),
        t(ctx, '继承', 'extends'),
      ],
      profiles.map((p) => [
        p.id,
        p.version,
        ctx.lang === 'zh' ? p.nameZh : p.nameEn,
        p.cityCode ?? '—',
        p.extends ?? '—',
      ]),
    ),
  );
  return 0;
}

/** `anju profile show ID`: the effective profile (inherited parameters merged in), each parameter with its citation. */
export async function profileShowCommand(ctx: Context, id: string): Promise<number> {
  const r = (await profileCatalogue()).resolve(id);
  if (r === undefined)
    throw new UserError(
      t(ctx, `没有名为 ${id} 的政策配置（见 anju profile list）`, `no profile ${id} (see anju profile list)`),
    );
  if (ctx.json) ctx.out(JSON.stringify({ chain: r.chain, origins: r.origins, profile: r.profile }, null, 2));
  else {
    ctx.out(
      t(
        ctx,
        `继承链：${r.chain.map((c) => `${c.id}@${c.version}`).join(' → ')}`,
        `chain: ${r.chain.map((c) => `${c.id}@${c.version}`).join(' → ')}`,
      ),
    );
    ctx.out(stringify(r.profile));
  }
  return 0;
}

/** `anju profile validate FILE`: every error located by line, column and key path. */
export async function profileValidateCommand(ctx: Context, file: string): Promise<number> {
  const catalogue = await profileCatalogue();
  const r = parseProfile(await readFile(file, 'utf8'), file, { knownProfileIds: catalogue.list().map((p) => p.id) });
  if (!r.ok) {
    if (ctx.json) ctx.out(JSON.stringify({ ok: false, errors: r.errors }, null, 2));
    else {
      ctx.out(t(ctx, `政策配置有 ${r.errors.length} 处错误：`, `the profile has ${r.errors.length} errors:`));
      for (const e of r.errors) ctx.out(`  ${formatProfileError(ctx, e)}`);
    }
    return 1;
  }
  const resolved = catalogue.resolveCandidate(r.profile);
  if (!resolved.ok) {
    for (const e of resolved.errors) ctx.out(`  ${formatProfileError(ctx, e)}`);
    return 1;
  }
  ctx.out(
    ctx.json
      ? JSON.stringify({ ok: true, id: r.profile.id, version: r.profile.version, chain: resolved.chain })
      : t(
          ctx,
          `政策配置 ${r.profile.id}@${r.profile.version} 有效`,
          `profile ${r.profile.id}@${r.profile.version} is valid`,
        ),
  );
  return 0;
}
