import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { listCities, upsertCity } from './cities.js';
import { openStore } from './open-store.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { createTestLocation, testEngine, type TestLocation } from './testing/test-store.js';

describe('openStore', () => {
  const opened: Store[] = [];
  let location: TestLocation | undefined;

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await location?.dispose();
    location = undefined;
  });

  it('creates the database, migrates once, and keeps data across close and reopen', async () => {
    location = await createTestLocation();
    const first = await openStore(location.options);
    expect(first.engine).toBe(testEngine());
    await first.transaction((tx) => upsertCity(tx, { cityCode: '620700', nameZh: '张掖市', nameEn: 'Zhangye' }));
    await first.close();

    // Reopening runs the migrator again: it must find nothing to do and lose nothing.
    const second = await openStore(location.options);
    opened.push(second);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(second.db);
    expect(rows.map((row) => row.name)).toEqual([
      '0001-element-database',
      '0002-observation-key-first',
      '0003-presale-project',
      '0004-market-derived',
      '0005-land-parcel',
      '0006-accounts-audit-trail',
      '0007-plans',
      '0008-audit-chain',
      '0009-sign-in-attempts',
    ]);
    const cities = await listCities(second);
    expect(cities.map(({ cityCode, nameZh, nameEn }) => ({ cityCode, nameZh, nameEn }))).toEqual([
      { cityCode: '620700', nameZh: '张掖市', nameEn: 'Zhangye' },
    ]);
    expect(cities[0]!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_name not like 'kysely%' order by table_name`.execute(second.db);
    // Every table a migration creates is in the Kysely Database type, and nothing else is (the record must name
    // each key of Database exactly once, or the type check fails).
    const typed: Record<keyof Database, true> = {
      app_user: true,
      audit_chain_head: true,
      audit_event: true,
      city: true,
      derived_change: true,
      derived_cycle: true,
      derived_state: true,
      land_parcel: true,
      market_warning: true,
      observation: true,
      plan_version: true,
      presale_project: true,
      published_value: true,
      revision: true,
      sign_in_attempt: true,
      spatial_unit: true,
      user_session: true,
    };
    expect(tables.rows.map((row) => row.table_name).sort()).toEqual(Object.keys(typed).sort());
  });
});
