import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_PATHS, WALLET_PATHS } from '../deps.js';
import { optionsFromEnv } from '../config.js';
import { startTestPlatform, TEST_APP_ID, type TestPlatform } from '../testing/testPlatform.js';

let t: TestPlatform | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A raw request, so `Host` and the browser's headers can be anything (fetch forbids setting Host). */
function raw(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        method,
        path,
        headers: { ...headers, ...(body && { 'Content-Length': String(Buffer.byteLength(body)) }) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const resetCount = async (p: TestPlatform) => (await p.platform.events.list({})).length;

describe('the lock on the control and wallet APIs', () => {
  it("refuses a Host that is not one of the sandbox's names (DNS rebinding), and nothing changes", async () => {
    t = await startTestPlatform();
    await t.issueCode('ana', ['auth_user']);
    const before = await resetCount(t);
    for (const [method, path] of [
      ['GET', CONTROL_PATHS.personas],
      ['POST', CONTROL_PATHS.reset],
      ['GET', CONTROL_PATHS.events],
    ] as const) {
      const answer = await raw(
        t.url,
        method,
        path,
        { Host: `evil.example:${t.port}`, 'Content-Type': 'application/json' },
        method === 'POST' ? '{}' : undefined,
      );
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        error: 'FORBIDDEN_HOST',
        message: expect.stringContaining('SANDBOX_ALLOWED_HOSTS'),
      });
    }
    expect(await resetCount(t)).toBe(before);
    // The sandbox's own names pass.
    for (const host of [
      `127.0.0.1:${t.port}`,
      `localhost:${t.port}`,
      `[::1]:${t.port}`,
      `platform:${t.port}`,
    ]) {
      expect((await raw(t.url, 'GET', CONTROL_PATHS.health, { Host: host })).status).toBe(200);
    }
    // The gateway stays open to signed merchant calls, whatever the name.
    const gateway = await raw(
      t.url,
      'POST',
      '/v2/authorizations/applyToken',
      { Host: 'gateway.team.example', 'Content-Type': 'application/json' },
      '{}',
    );
    expect(gateway.status).toBe(200);
  });

  it('refuses a foreign browser origin, a cross-origin request without one and a no-cors post; sends no CORS headers', async () => {
    t = await startTestPlatform();
    const host = `127.0.0.1:${t.port}`;
    const foreign = await raw(
      t.url,
      'POST',
      CONTROL_PATHS.authCodes,
      { Host: host, Origin: 'http://127.0.0.1:7703', 'Content-Type': 'application/json' },
      JSON.stringify({ appId: TEST_APP_ID, userId: 'ana', scopes: ['auth_user'] }),
    );
    expect(foreign).toMatchObject({ status: 403, body: { error: 'FORBIDDEN_ORIGIN' } });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const sameSite = await raw(t.url, 'GET', CONTROL_PATHS.personas, {
      Host: host,
      'Sec-Fetch-Site': 'same-site',
    });
    expect(sameSite.status).toBe(403);
    const form = await raw(
      t.url,
      'POST',
      CONTROL_PATHS.reset,
      { Host: host, 'Content-Type': 'text/plain' },
      'x',
    );
    expect(form).toMatchObject({
      status: 415,
      body: {
        error: 'UNSUPPORTED_MEDIA_TYPE',
        message: expect.stringContaining('application/json'),
      },
    });
    const preflight = await raw(t.url, 'OPTIONS', CONTROL_PATHS.reset, {
      Host: host,
      Origin: 'http://evil.example',
      'Access-Control-Request-Method': 'POST',
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect((await t.platform.store.list('authCodes')).map((row) => row.code)).toEqual([]);
    // The wallet shell's origin, and tools with no Origin, pass.
    expect(
      (
        await raw(t.url, 'GET', CONTROL_PATHS.personas, {
          Host: host,
          Origin: 'http://127.0.0.1:7700',
          'Sec-Fetch-Site': 'same-origin',
        })
      ).status,
    ).toBe(200);
    expect((await raw(t.url, 'POST', CONTROL_PATHS.reset, { Host: host })).status).toBe(200);
  });

  it('with a team token, answers 401 to every control and wallet call without it, and serves it with it', async () => {
    t = await startTestPlatform({
      access: {
        hostNames: ['127.0.0.1'],
        shellOrigins: ['http://127.0.0.1:7700'],
        controlToken: 'team-secret-1234',
      },
    });
    const calls = [
      ['POST', CONTROL_PATHS.reset],
      ['GET', CONTROL_PATHS.personas],
      ['POST', CONTROL_PATHS.authCodes],
      ['POST', CONTROL_PATHS.clockAdvance],
      ['GET', CONTROL_PATHS.events],
      ['POST', CONTROL_PATHS.faults],
      ['GET', CONTROL_PATHS.namespaces],
      ['POST', WALLET_PATHS.session],
    ] as const;
    for (const [method, path] of calls) {
      for (const auth of [undefined, 'Bearer wrong-token']) {
        const answer = await raw(
          t.url,
          method,
          path,
          {
            Host: `127.0.0.1:${t.port}`,
            'Content-Type': 'application/json',
            ...(auth && { Authorization: auth }),
          },
          method === 'POST' ? '{"by":"1h"}' : undefined,
        );
        expect(answer.status, `${method} ${path} with ${auth ?? 'no token'}`).toBe(401);
        expect(answer.body['message']).toContain('SANDBOX_CONTROL_TOKEN');
      }
    }
    expect(await resetCount(t)).toBe(0);
    // Public and read-only: health, the key merchants verify with, the gateway's document.
    for (const path of [CONTROL_PATHS.health, CONTROL_PATHS.platformKey, CONTROL_PATHS.openApi]) {
      expect((await raw(t.url, 'GET', path, { Host: `127.0.0.1:${t.port}` })).status, path).toBe(
        200,
      );
    }
    const ok = await raw(t.url, 'GET', CONTROL_PATHS.personas, {
      Host: `127.0.0.1:${t.port}`,
      Authorization: 'Bearer team-secret-1234',
    });
    expect(ok.status).toBe(200);
  });

  it('refuses to start exposed (not on loopback, or on a database) without a token', () => {
    const base = {
      SANDBOX_CONFIG: '/nonexistent/sandbox.config.json',
      SANDBOX_DATA_DIR: '/tmp/unused',
    };
    expect(() => optionsFromEnv({ ...base, SANDBOX_BIND_HOST: '0.0.0.0' })).toThrow(
      /SANDBOX_CONTROL_TOKEN is not set.*0\.0\.0\.0/,
    );
    expect(() =>
      optionsFromEnv({ ...base, SANDBOX_DATABASE_URL: 'postgres://db/sandbox' }),
    ).toThrow(/SANDBOX_CONTROL_TOKEN is not set.*database/);
    expect(
      optionsFromEnv({ ...base, SANDBOX_BIND_HOST: '0.0.0.0', SANDBOX_CONTROL_TOKEN: 't0ken' })
        .access?.controlToken,
    ).toBe('t0ken');
    expect(optionsFromEnv(base).access?.controlToken).toBeUndefined();
  });

  it('keeps idle sockets longer than clients keep theirs', async () => {
    t = await startTestPlatform();
    const answer = await raw(t.url, 'GET', CONTROL_PATHS.health, { Host: `127.0.0.1:${t.port}` });
    // Node's fetch keeps an idle socket for the server's hint minus 1 s: the hint must be well above 5 s.
    expect(answer.headers['keep-alive']).toBe('timeout=75');
  });
});
