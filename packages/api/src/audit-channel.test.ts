// Audit events recorded while the API serves a request say channel `api` — even when the server was started by the
// CLI, whose OS user, host and claimed ANJU_USER describe the operator at the machine, not the caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRevision,
  listAuditEvents,
  saveUnits,
  upsertCity,
  verifyAuditChains,
  withAuditContext,
  type Store,
} from '@anju/store';
import { openTestStore } from '../../store/src/testing/index.js';
import { createApp } from './app.js';

const CITY = '620700';
const AT = new Date('2026-11-22T08:00:00Z');
let store: Store;

beforeAll(async () => {
  store = await openTestStore();
  await store.transaction(async (tx) => {
    await upsertCity(tx, { cityCode: CITY, nameZh: '张掖市', nameEn: 'Zhangye' });
    await saveUnits(tx, CITY, [
      {
        unitCode: CITY,
        nameZh: '张掖市',
        nameEn: 'Zhangye',
        level: 'city',
        parentCode: null,
        aliases: [],
        attributes: {},
        sortOrder: 0,
        boundary: null,
      },
    ]);
  });
});

afterAll(async () => {
  await store?.close();
});

describe('audit channel of API writes', () => {
  it('records channel api and no OS identity for a publish through the API of a CLI-started server', async () => {
    const revisionId = await store.transaction((tx) =>
      createRevision(tx, {
        cityCode: CITY,
        kind: 'edit',
        createdBy: 'li',
        createdAt: AT,
        reason: '草稿',
        synthetic: false,
        simulated: false,
      }),
    );
    // As `anju serve` runs it: the CLI's identity around the whole server.
    const status = await withAuditContext(
      { channel: 'cli', osUser: 'operator', host: 'stats-01', claimedActor: 'someone' },
      async () => {
        const app = createApp({ store, now: () => AT, user: 'operator' });
        const res = await app.request(`/api/cities/${CITY}/revisions/${revisionId}/publish`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reason: '核对无误' }),
        });
        return res.status;
      },
    );
    expect(status).toBe(200);
    const [published] = await listAuditEvents(store, { action: 'revision.publish' });
    expect(published).toMatchObject({
      actor: 'operator',
      channel: 'api',
      osUser: null,
      host: null,
      claimedActor: null,
      reason: '核对无误',
    });
    expect((await verifyAuditChains(store)).ok).toBe(true);
  });
});
