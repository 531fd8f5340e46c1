/**
 * Three platform processes on one PostgreSQL (started here, on a free loopback port, with a
 * throwaway data folder) behave as one platform: single use and single rotation enforced by the
 * database, one clock, one fault counter, one timeline, one signing key. Then one replica is
 * SIGKILLed in the middle of a load, and every success answered before or after still holds.
 * Every gateway call is signed with real RSA by the openapi-client, which verifies every answer
 * with the one platform key.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenApiClient, type OpenApiClient } from '@mp-sandbox/openapi-client';
import {
  CONTROL_PATHS,
  SHELL_PROXY_SECRET_FILE,
  SHELL_PROXY_SECRET_HEADER,
  WALLET_PATHS,
  WALLET_SESSION_HEADER,
  type ApplyTokenResponse,
  type OpenApiResponse,
  type SandboxEvent,
} from '../deps.js';
import { hasNginx, startNginx } from '../testing/nginx.js';
import { startPostgres, type PostgresServer } from '../testing/postgresServer.js';
import { startReplicas, type Replica } from '../testing/replicas.js';
import {
  GRANTABLE_SCOPES,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testKeys,
  testSeed,
} from '../testing/testPlatform.js';

const TOKEN = 'replicas-test-team-token';
const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

let server: PostgresServer;
let dir: string;
let replicas: Replica[];
let platformPublicKey: string;
const clients: OpenApiClient[] = [];

beforeAll(async () => {
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'pg-replicas-'));
  replicas = await startReplicas(3, {
    databaseUrl: await server.createDatabase('replicas'),
    controlToken: TOKEN,
    seed: testSeed(),
    dir,
  });
  const keys = await Promise.all(
    replicas.map((r) => control<{ publicKey: string }>(r, 'GET', CONTROL_PATHS.platformKey)),
  );
  platformPublicKey = keys[0]!.publicKey;
  for (const replica of replicas) {
    clients.push(
      createOpenApiClient({
        gatewayUrl: replica.url,
        clientId: TEST_CLIENT_ID,
        privateKey: testKeys().merchant.privateKey,
        platformPublicKey,
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.stop()));
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function control<T>(
  replica: Replica,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(replica.url + path, {
    method,
    headers: auth,
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${method} ${path} on ${replica.url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

const issueCode = (replica: Replica, userId = 'ana') =>
  control<{ authCode: string }>(replica, 'POST', CONTROL_PATHS.authCodes, {
    appId: TEST_APP_ID,
    userId,
    scopes: ['auth_user'],
    applyRules: false,
  }).then((r) => r.authCode);

type Answer = ApplyTokenResponse & OpenApiResponse;
const exchange = (client: OpenApiClient, authCode: string) =>
  client
    .send<Answer>(
      '/v2/authorizations/applyToken',
      JSON.stringify({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode,
      }),
    )
    .then((r) => r.body);
const refresh = (client: OpenApiClient, refreshToken: string) =>
  client
    .send<Answer>(
      '/v2/authorizations/applyToken',
      JSON.stringify({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'REFRESH_TOKEN',
        refreshToken,
      }),
    )
    .then((r) => r.body);
const userInfo = (client: OpenApiClient, accessToken: string) =>
  client
    .send<OpenApiResponse>(
      '/v2/users/inquiryUserInfo',
      JSON.stringify({ appId: TEST_APP_ID, authClientId: TEST_CLIENT_ID, accessToken }),
    )
    .then((r) => r.body);
const codes = (answers: Answer[]) => answers.map((a) => a.result.resultCode);

describe('three platform replicas on one PostgreSQL', () => {
  it('sign with one key: every replica serves the same platform public key', async () => {
    const keys = await Promise.all(
      replicas.map((r) => control<{ publicKey: string }>(r, 'GET', CONTROL_PATHS.platformKey)),
    );
    expect(new Set(keys.map((k) => k.publicKey)).size).toBe(1);
    expect(readFileSync(join(dir, 'replica-2', 'keys', 'platform.public.pem'), 'utf8')).toBe(
      platformPublicKey,
    );
  });

  it('exchange one authCode exactly once, out of 100 concurrent tries spread over the replicas', async () => {
    const code = await issueCode(replicas[0]!);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => exchange(clients[i % 3]!, code)),
    );
    const successes = answers.filter((a) => a.result.resultStatus === 'S');
    expect(successes).toHaveLength(1);
    expect(new Set(codes(answers.filter((a) => a.result.resultStatus !== 'S')))).toEqual(
      new Set(['USED_AUTHCODE']),
    );
    // The one success works on every replica.
    for (const client of clients)
      expect((await userInfo(client, successes[0]!.accessToken!)).result).toMatchObject({
        resultStatus: 'S',
      });
  });

  it('rotate one refresh token exactly once, out of 50 concurrent refreshes spread over the replicas', async () => {
    const first = await exchange(clients[1]!, await issueCode(replicas[1]!));
    expect(first.result.resultStatus).toBe('S');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => refresh(clients[i % 3]!, first.refreshToken!)),
    );
    expect(answers.filter((a) => a.result.resultStatus === 'S')).toHaveLength(1);
    expect(new Set(codes(answers.filter((a) => a.result.resultStatus !== 'S')))).toEqual(
      new Set(['USED_REFRESH_TOKEN']),
    );
  });

  it('follow one clock: moved on one replica, it decides expiry on the others', async () => {
    const code = await issueCode(replicas[0]!);
    await control(replicas[1]!, 'POST', CONTROL_PATHS.clockAdvance, { by: '10m' });
    try {
      const clocks = await Promise.all(
        replicas.map((r) => control<{ offsetMs: number }>(r, 'GET', CONTROL_PATHS.clock)),
      );
      expect(clocks.map((c) => c.offsetMs)).toEqual([600_000, 600_000, 600_000]);
      expect(codes([await exchange(clients[2]!, code)])).toEqual(['EXPIRED_AUTHCODE']);
    } finally {
      await control(replicas[2]!, 'POST', CONTROL_PATHS.clockAdvance, { by: -600_000 });
    }
  });

  it('fire a fault armed for 3 calls exactly 3 times, whichever replicas the calls reach', async () => {
    await control(replicas[0]!, 'POST', CONTROL_PATHS.faults, {
      api: 'applyToken',
      resultCode: 'UNKNOWN_EXCEPTION',
      count: 3,
    });
    const answers: Answer[] = [];
    // Nine calls, three on each replica, all at once.
    const calls = await Promise.all(
      Array.from({ length: 9 }, async (_, i) =>
        exchange(clients[i % 3]!, await issueCode(replicas[(i + 1) % 3]!)),
      ),
    );
    answers.push(...calls);
    expect(codes(answers).filter((c) => c === 'UNKNOWN_EXCEPTION')).toHaveLength(3);
    expect(answers.filter((a) => a.result.resultStatus === 'S')).toHaveLength(6);
  });

  it('deliver an event appended on one replica to a stream opened on another, and replay it after Last-Event-ID on a third', async () => {
    const stream = await openStream(replicas[1]!);
    try {
      const code = await issueCode(replicas[0]!, 'chen');
      const issued = await stream.next(
        (e) => e.type === 'auth_code.issued' && e.data['authCode'] === code,
      );
      const replay = await openStream(replicas[2]!, issued.seq - 1);
      try {
        expect((await replay.next((e) => e.seq === issued.seq)).data['authCode']).toBe(code);
      } finally {
        replay.close();
      }
    } finally {
      stream.close();
    }
  });

  it('accept a wallet session opened on one replica on the others, and decide there a consent request made on the first', async () => {
    // Every replica keeps the shell's proxy secret that the first one made, in its keys folder.
    const secrets = [1, 2, 3].map((i) =>
      readFileSync(join(dir, `replica-${i}`, 'keys', SHELL_PROXY_SECRET_FILE), 'utf8').trim(),
    );
    expect(new Set(secrets).size).toBe(1);
    const wallet = async <T>(replica: Replica, path: string, body: unknown, session?: string) => {
      const response = await fetch(replica.url + path, {
        method: 'POST',
        headers: {
          ...auth,
          [SHELL_PROXY_SECRET_HEADER]: secrets[0]!,
          ...(session && { [WALLET_SESSION_HEADER]: session }),
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T & { message?: string } };
    };
    const opened = await wallet<{ session: string }>(replicas[0]!, WALLET_PATHS.session, {
      userId: 'eli',
    });
    expect(opened.status).toBe(200);
    const prepared = await wallet<{ consentId: string }>(
      replicas[1]!,
      WALLET_PATHS.prepare,
      { appId: TEST_APP_ID, scopes: ['auth_user'] },
      opened.body.session,
    );
    expect(prepared.status, prepared.body.message).toBe(200);
    const decided = await wallet<{ authCode: string }>(
      replicas[2]!,
      WALLET_PATHS.authorize,
      { consentId: prepared.body.consentId, decision: 'allow' },
      opened.body.session,
    );
    expect(decided.status, decided.body.message).toBe(200);
    expect((await exchange(clients[0]!, decided.body.authCode)).result.resultStatus).toBe('S');
  });

  // Last: it kills a replica.
  it('loses nothing when a replica is SIGKILLed during 200 concurrent exchanges and refreshes', async () => {
    // Tokens to refresh, from every replica.
    const pairs = await Promise.all(
      Array.from({ length: 100 }, async (_, i) =>
        exchange(clients[i % 3]!, await issueCode(replicas[i % 3]!)),
      ),
    );
    expect(pairs.every((p) => p.result.resultStatus === 'S')).toBe(true);
    const fresh = await Promise.all(
      Array.from({ length: 100 }, (_, i) => issueCode(replicas[i % 3]!)),
    );

    const victim = replicas[Math.floor(Math.random() * 3)]!;
    const killAfter = 20 + Math.floor(Math.random() * 100);
    let answered = 0;
    const settle = <T>(p: Promise<T>) =>
      p.then(
        (value) => {
          if (++answered === killAfter) victim.child.kill('SIGKILL');
          return { ok: true as const, value };
        },
        (error: unknown) => ({ ok: false as const, error }),
      );
    const load = Array.from({ length: 200 }, (_, i) => {
      const client = clients[i % 3]!;
      return i % 2 === 0
        ? settle(exchange(client, fresh[i / 2]!))
        : settle(refresh(client, pairs[(i - 1) / 2]!.refreshToken!));
    });
    const results = await Promise.all(load);
    await victim.exited;
    expect(victim.child.signalCode).toBe('SIGKILL');

    const alive = clients.filter((_, i) => replicas[i] !== victim);
    const successes = results.flatMap((r) =>
      r.ok && r.value.result.resultStatus === 'S' ? [r.value] : [],
    );
    expect(successes.length).toBeGreaterThan(0);
    // Every success answered, by any replica, still works on the replicas that live.
    const infos = await Promise.all(
      successes.map((success, i) => userInfo(alive[i % alive.length]!, success.accessToken!)),
    );
    for (const [i, info] of infos.entries())
      expect(info.result, `success ${i}`).toMatchObject({ resultStatus: 'S' });
    // Every refresh token rotated away by a success is refused from now on.
    const rotated = results.flatMap((r, i) =>
      i % 2 === 1 && r.ok && r.value.result.resultStatus === 'S'
        ? [pairs[(i - 1) / 2]!.refreshToken!]
        : [],
    );
    expect(
      codes(await Promise.all(rotated.map((token, i) => refresh(alive[i % alive.length]!, token)))),
    ).toEqual(rotated.map(() => 'USED_REFRESH_TOKEN'));
    // And each code exchanged by a success is refused a second time.
    const exchanged = results.flatMap((r, i) =>
      i % 2 === 0 && r.ok && r.value.result.resultStatus === 'S' ? [fresh[i / 2]!] : [],
    );
    expect(
      codes(
        await Promise.all(exchanged.map((code, i) => exchange(alive[i % alive.length]!, code))),
      ),
    ).toEqual(exchanged.map(() => 'USED_AUTHCODE'));
  }, 120_000);
});

describe("three replicas behind the team profile's nginx (team/nginx.conf)", () => {
  it.skipIf(!hasNginx && !process.env['CI'])(
    'serves signed exchanges and an unbuffered event stream through one address',
    async () => {
      const live = replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
      // The replicas serve no HTTPS here: only the balancer's HTTP listener is used.
      const balancer = await startNginx({ 7701: live.map((r) => Number(new URL(r.url).port)) });
      const balancerUrl = `http://127.0.0.1:${balancer.listen[7701]}`;
      try {
        const via = createOpenApiClient({
          gatewayUrl: balancerUrl,
          clientId: TEST_CLIENT_ID,
          privateKey: testKeys().merchant.privateKey,
          platformPublicKey,
        });
        const stream = await openStream({ url: balancerUrl });
        try {
          const code = await issueCode(live[0]!, 'dara');
          expect((await exchange(via, code)).result.resultStatus).toBe('S');
          // Arrives through nginx as it is written, not when the stream ends.
          const exchanged = await stream.next(
            (e) => e.type === 'token.issued' && e.userId === 'dara',
          );
          expect(exchanged.appId).toBe(TEST_APP_ID);
        } finally {
          stream.close();
        }
      } finally {
        await balancer.stop();
      }
    },
  );
});

/** An event stream (SSE) read with fetch: `next(match)` resolves with the first event that matches. */
async function openStream(replica: Pick<Replica, 'url'>, lastEventId?: number) {
  const controller = new AbortController();
  const response = await fetch(replica.url + CONTROL_PATHS.eventStream, {
    headers: {
      ...auth,
      ...(lastEventId !== undefined && { 'Last-Event-ID': String(lastEventId) }),
    },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const seen: SandboxEvent[] = [];
  return {
    async next(match: (event: SandboxEvent) => boolean): Promise<SandboxEvent> {
      for (;;) {
        const found = seen.find(match);
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += value;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop()!;
        for (const block of blocks) {
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) seen.push(JSON.parse(data.slice(6)) as SandboxEvent);
        }
      }
    },
    close: () => controller.abort(),
  };
}
