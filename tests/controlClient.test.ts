/**
 * The one client of the control and wallet APIs (`@mp-sandbox/protocol/client`) against a real
 * platform on 127.0.0.1 (`@mp-sandbox/platform/testing`): the typed calls, a namespace's scope,
 * the one error class, a wallet session renewed once, and the one readiness poller.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HEALTH_PATHS,
  SHELL_PROXY_SECRET_HEADER,
  WALLET_SESSION_HEADER,
} from '@mp-sandbox/protocol';
import {
  controlApi,
  sandboxHttp,
  SandboxRequestError,
  waitUntilAnswering,
  walletApi,
} from '@mp-sandbox/protocol/client';
import { startTestPlatform, TEST_APP_ID, type TestPlatform } from '@mp-sandbox/platform/testing';

let t: TestPlatform;

beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

/** A port that was free a moment ago: nothing answers there. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('controlApi', () => {
  it('reads the health, the registry and the personas', async () => {
    const control = controlApi(sandboxHttp({ baseUrl: t.url }));
    expect(await control.health()).toMatchObject({ status: 'ok' });
    expect((await control.apps()).apps.map((a) => a.appId)).toContain(TEST_APP_ID);
    expect((await control.personas()).personas.map((p) => p.id)).toContain('ana');
  });

  it("acts on its namespace only: the clock, faults and consent policies, then the namespace's reset", async () => {
    const call = sandboxHttp({ baseUrl: t.url });
    const opened = await controlApi(call).openNamespace('cc1');
    expect(opened.personas.map((p) => p.id)).toContain('ana-cc1');
    const scoped = controlApi(call, 'cc1');
    const sandbox = controlApi(call);

    const before = (await sandbox.clock()).offsetMs;
    expect((await scoped.advanceClock('2h')).offsetMs).toBe(2 * 60 * 60_000);
    expect((await sandbox.clock()).offsetMs).toBe(before);

    const fault = await scoped.armFault({
      api: 'applyToken',
      resultCode: 'PROCESS_FAIL',
      count: 2,
    });
    expect(fault).toMatchObject({ namespace: 'cc1', count: 2 });
    expect((await scoped.faults()).faults.map((f) => f.id)).toEqual([fault.id]);
    expect((await sandbox.faults()).faults.map((f) => f.id)).toContain(fault.id);
    await scoped.removeFault(fault.id);
    expect((await scoped.faults()).faults).toEqual([]);

    const policy = await scoped.addConsentPolicy({ decision: 'deny', appId: TEST_APP_ID });
    expect((await scoped.consentPolicies()).policies).toEqual([policy]);
    await scoped.reset();
    expect((await scoped.consentPolicies()).policies).toEqual([]);
    expect((await scoped.clock()).offsetMs).toBe(0);
    await sandbox.closeNamespace('cc1');
  });

  it('issues a code without a browser, and its event is on the timeline, filtered by type', async () => {
    const control = controlApi(sandboxHttp({ baseUrl: t.url }));
    const since = (await control.events()).events.at(-1)?.seq ?? 0;
    const issued = await control.issueAuthCode({
      appId: TEST_APP_ID,
      userId: 'ana',
      scopes: ['auth_base'],
    });
    expect(issued.authCode).toMatch(/\S/);
    const { events } = await control.events({ type: 'auth_code.issued', since });
    expect(events.map((e) => e.type)).toEqual(['auth_code.issued']);
    expect(events[0]).toMatchObject({ appId: TEST_APP_ID, userId: 'ana' });
  });

  it("throws the one SandboxRequestError with the platform's status, code and message", async () => {
    const control = controlApi(sandboxHttp({ baseUrl: t.url }));
    const error = await control.advanceClock('soon').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxRequestError);
    expect(error).toMatchObject({
      status: 400,
      error: 'INVALID_DURATION',
      request: 'POST /sandbox/v1/clock/advance',
    });
    expect((error as Error).message).toContain('"2h"');
  });

  it('names the call when the answer is no control error (a path the platform does not serve)', async () => {
    const call = sandboxHttp({ baseUrl: t.url });
    const error = await call('GET', '/sandbox/v1/no-such-thing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxRequestError);
    expect((error as SandboxRequestError).status).toBe(404);
  });
});

describe('walletApi', () => {
  const proxied = () => ({ [SHELL_PROXY_SECRET_HEADER]: t.shellSecret });

  it('opens a session for the holder, prepares the sheet and records Allow: a code comes back', async () => {
    const wallet = walletApi(sandboxHttp({ baseUrl: t.url, headers: proxied() }));
    const prepared = await wallet.prepare('bruno', { appId: TEST_APP_ID, scopes: ['auth_user'] });
    expect(prepared.ask).toEqual(['auth_user']);
    const answer = await wallet.authorize('bruno', {
      consentId: prepared.consentId,
      decision: 'allow',
    });
    expect(answer).toMatchObject({ decision: 'allow', authSuccessScopes: ['auth_user'] });
    expect((await wallet.grants('bruno')).grants.map((g) => g.appId)).toContain(TEST_APP_ID);
  });

  it('opens a new session once when the platform no longer knows the one it holds', async () => {
    let spoil = true;
    const sessions: string[] = [];
    // The real platform, and a session header spoilt once on the way, as after a platform that
    // forgot its sessions.
    const wallet = walletApi(
      sandboxHttp({
        baseUrl: t.url,
        headers: proxied(),
        fetch: (input, init) => {
          const headers = { ...(init?.headers as Record<string, string>) };
          if (headers[WALLET_SESSION_HEADER]) {
            sessions.push(headers[WALLET_SESSION_HEADER]);
            if (spoil) headers[WALLET_SESSION_HEADER] = 'not-a-session';
            spoil = false;
          }
          return fetch(input, { ...init, headers });
        },
      }),
    );
    const { grants } = await wallet.grants('chen');
    expect(grants).toEqual([]);
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).not.toBe(sessions[1]);
  });

  it('without the shell proxy secret, the platform refuses and the message says why', async () => {
    const wallet = walletApi(sandboxHttp({ baseUrl: t.url }));
    const error = await wallet.grants('ana').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxRequestError);
    expect((error as SandboxRequestError).status).toBe(403);
    expect((error as Error).message).not.toBe('');
  });
});

describe('waitUntilAnswering', () => {
  it('resolves once the health path answers', async () => {
    const ready: string[] = [];
    const url = t.url + HEALTH_PATHS.platform;
    await waitUntilAnswering([url], { onReady: (u) => ready.push(u) });
    expect(ready).toEqual([url]);
  });

  it('names what stays silent when the time is up', async () => {
    const silent = `http://127.0.0.1:${await closedPort()}/`;
    await expect(waitUntilAnswering([silent], { timeoutMs: 300, intervalMs: 50 })).rejects.toThrow(
      `not answering within 0.3 s: ${silent}`,
    );
  });

  it('stops at once with the reason `failed` gives (a process that exited)', async () => {
    const silent = `http://127.0.0.1:${await closedPort()}/`;
    await expect(
      waitUntilAnswering([silent], { failed: () => 'the platform exited with code 1' }),
    ).rejects.toThrow('the platform exited with code 1');
  });
});
