// Sign-in under parallel attack and over real TCP: the attempt is counted in the database before the slow hash and
// decided after it, the client address comes from the socket (or a trusted proxy's X-Forwarded-For, counted from the
// right), and a locked login answers exactly like an unknown one.
import { request as httpRequest } from 'node:http';
import { listAuditEvents, type Store } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { serve, type RunningServer } from '../serve.js';
import { addTestAccounts, PASSWORD, type App } from '../testing/accounts.js';
import { AT, openSampleStore } from '../testing/sample-store.js';

let store: Store;
let clock = AT;
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'], datasets: false });
  await addTestAccounts(store, AT);
}, 300_000);

afterAll(async () => {
  await store?.close();
});

const inProcess = (app: App, login: string, password: string, forwardedFor: string) =>
  app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ login, password }),
  });

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** A sign-in over TCP from a chosen local address (all of 127/8 reaches the loopback interface on Linux). */
function overTcp(
  server: RunningServer,
  login: string,
  password: string,
  localAddress: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const body = JSON.stringify({ login, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}/api/auth/login`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('parallel wrong passwords', () => {
  let app: App;
  beforeAll(() => {
    app = createApp({
      store,
      now: () => clock,
      // Every attempt from its own address: this is about the account lock, not the per-address limit.
      auth: { mode: 'accounts', trustProxy: 1, lockAfter: 5, lockMinutes: 15, maxFailuresPerAddress: 10 },
      logError: () => {},
    });
  });

  it('30 parallel wrong passwords then the right one: the right one is refused while the login is locked', async () => {
    const wrong = Array.from({ length: 30 }, (_, i) => inProcess(app, 'analyst', `wrong-${i}`, `10.30.0.${i + 1}`));
    const right = inProcess(app, 'analyst', PASSWORD, '10.30.1.1');
    const answers = await Promise.all([...wrong, right]);
    const rightAnswer = answers.at(-1)!;
    expect(rightAnswer.status).toBe(423);
    expect(((await rightAnswer.json()) as { detail: string }).detail).toMatch(/^连续多次密码错误，账户已锁定/);
    const statuses = answers.slice(0, -1).map((r) => r.status);
    // Only the attempts counted before the 5th could be answered "wrong password"; all others found the lock.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(4);
    expect(statuses.every((s) => s === 401 || s === 423)).toBe(true);
    const sessions = await store.db
      .selectFrom('user_session as s')
      .innerJoin('app_user as u', 'u.user_id', 's.user_id')
      .select('s.token_sha256')
      .where('u.login', '=', 'analyst')
      .execute();
    expect(sessions).toEqual([]);
    // Still locked for the right password; free again after the lock.
    expect((await inProcess(app, 'analyst', PASSWORD, '10.30.1.2')).status).toBe(423);
    later(16);
    expect((await inProcess(app, 'analyst', PASSWORD, '10.30.1.3')).status).toBe(200);
  });

  it('25 parallel wrong sign-ins from one address: 429 for every attempt past the limit', async () => {
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => inProcess(app, `guess-${i}`, 'wrong', '10.25.0.1')),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array<number>(10).fill(401), ...Array<number>(15).fill(429)]);
    const limited = answers.find((r) => r.status === 429)!;
    expect(limited.headers.get('retry-after')).toBe('900');
    const refused = await listAuditEvents(store, { action: 'session.login-failed', text: 'rate-limited' });
    expect(refused.filter((e) => e.clientAddress === '10.25.0.1')).toHaveLength(15);
    later(16);
  });

  it('answers a locked login and an unknown login alike, from the 5th wrong password on', async () => {
    const run = async (login: string, address: string) => {
      const out: string[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await inProcess(app, login, `nope-${i}`, address);
        const body = (await res.json()) as { type: string; detail: string };
        out.push(`${res.status} ${body.type} ${body.detail}`);
      }
      return out;
    };
    const real = await run('reader', '10.40.0.1');
    const unknown = await run('no-such-login', '10.40.0.2');
    expect(unknown).toEqual(real);
    expect(real.map((a) => a.slice(0, 3))).toEqual(['401', '401', '401', '401', '423', '423', '423']);
    later(16);
  });
});

describe('client addresses over TCP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve({
      store,
      port: 0,
      now: () => clock,
      auth: { mode: 'accounts', maxFailuresPerAddress: 5, lockAfter: 5, lockMinutes: 15 },
      logError: () => {},
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('six wrong sign-ins from one address do not shut out a correct sign-in from another', async () => {
    const from2: number[] = [];
    for (let i = 0; i < 6; i++) {
      // A forged X-Forwarded-For is ignored: no proxy is trusted.
      const res = await overTcp(server, `guess-tcp-${i}`, 'wrong', '127.0.0.2', { 'x-forwarded-for': '192.0.2.1' });
      from2.push(res.status);
    }
    expect(from2).toEqual([401, 401, 401, 401, 401, 429]);
    const ok = await overTcp(server, 'reader', PASSWORD, '127.0.0.1');
    expect(ok.status).toBe(200);
    const still = await overTcp(server, 'reader', PASSWORD, '127.0.0.2');
    expect(still.status).toBe(429);

    const failed = await listAuditEvents(store, { action: 'session.login-failed', text: 'guess-tcp-' });
    expect(new Set(failed.map((e) => e.clientAddress))).toEqual(new Set(['127.0.0.2']));
    const [signedIn] = await listAuditEvents(store, { actor: 'reader', action: 'session.login' });
    expect(signedIn?.clientAddress).toBe('127.0.0.1');
    const session = await store.db
      .selectFrom('user_session')
      .select('client_address')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    expect(session?.client_address).toBe('127.0.0.1');
    later(16);
  });

  it('behind two trusted proxies, takes the address two hops from the right of X-Forwarded-For', async () => {
    const proxied = await serve({
      store,
      port: 0,
      now: () => clock,
      auth: { mode: 'accounts', trustProxy: 2 },
      logError: () => {},
    });
    try {
      // The client forged 6.6.6.6; the outer proxy saw 203.0.113.7; the inner proxy (10.0.0.2) connected to us.
      const res = await overTcp(proxied, 'kiosk', 'wrong', '127.0.0.3', {
        'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.2',
      });
      expect(res.status).toBe(401);
      const [event] = await listAuditEvents(store, { actor: 'kiosk', action: 'session.login-failed' });
      expect(event?.clientAddress).toBe('203.0.113.7');
    } finally {
      await proxied.close();
    }
  });
});
