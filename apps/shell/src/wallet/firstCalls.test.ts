import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTROL_PATHS } from '@mp-sandbox/protocol';
import { FIRST_CALLS_GLOBAL, firstCall, firstCallsScript } from './firstCalls';

/** A stand-in for the shell's `/platform` proxy on a loopback port: answers and records each GET. */
let server: Server;
let base: string;
let seen: string[];
let answers: Map<string, { status: number; body: string }>;

beforeEach(async () => {
  seen = [];
  answers = new Map();
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.accept}`);
    const answer = answers.get(req.url ?? '') ?? {
      status: 200,
      body: JSON.stringify({ from: req.url }),
    };
    res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(
  () =>
    new Promise<void>((resolve) => {
      // The answers a test leaves unread keep their connections open.
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

/** Runs the inline script as the page would, with relative URLs resolved against the server. */
function runScript(fetchBase = base): Record<string, unknown> {
  const page: Record<string, unknown> = {};
  const pageFetch = (url: string, init?: RequestInit) => fetch(new URL(url, fetchBase), init);
  new Function('window', 'fetch', firstCallsScript())(page, pageFetch);
  return page;
}

const regular = (value: unknown) => {
  const calls: number[] = [];
  return { calls, call: async () => (calls.push(1), value) };
};

describe("index.html's early calls", () => {
  it('ask the platform for the apps, the personas and the wallet profiles through /platform, and the queries take those answers', async () => {
    const page = runScript();
    const apps = regular('regular apps');
    expect(await firstCall('apps', apps.call, page)).toEqual({
      from: `/platform${CONTROL_PATHS.apps}`,
    });
    expect(await firstCall('personas', regular(undefined).call, page)).toEqual({
      from: `/platform${CONTROL_PATHS.personas}`,
    });
    expect(await firstCall('wallets', regular(undefined).call, page)).toEqual({
      from: `/platform${CONTROL_PATHS.wallets}`,
    });
    expect(apps.calls).toHaveLength(0);
    expect(seen.sort()).toEqual(
      [CONTROL_PATHS.apps, CONTROL_PATHS.personas, CONTROL_PATHS.wallets]
        .map((path) => `GET /platform${path} application/json`)
        .sort(),
    );
  });

  it('are used once: the next fetch of the same query calls the platform again', async () => {
    const page = runScript();
    await firstCall('apps', regular(undefined).call, page);
    const again = regular('fresh apps');
    expect(await firstCall('apps', again.call, page)).toBe('fresh apps');
    expect(again.calls).toHaveLength(1);
  });

  it('leave a refusal to the regular client, which reports the platform reason', async () => {
    answers.set(`/platform${CONTROL_PATHS.personas}`, {
      status: 503,
      body: '{"error":"UNAVAILABLE","message":"try later"}',
    });
    const page = runScript();
    const personas = regular('from the regular client');
    expect(await firstCall('personas', personas.call, page)).toBe('from the regular client');
    expect(personas.calls).toHaveLength(1);
  });

  it('leave an answer that is not JSON to the regular client', async () => {
    answers.set(`/platform${CONTROL_PATHS.apps}`, { status: 200, body: '<html>not json' });
    const page = runScript();
    expect(await firstCall('apps', regular('regular').call, page)).toBe('regular');
  });

  it('that could not leave (nothing listens) fall back without an unhandled rejection', async () => {
    const closed = base;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server = createServer().listen(0, '127.0.0.1');
    const page = runScript(closed);
    const pending = page[FIRST_CALLS_GLOBAL] as Record<string, Promise<unknown>>;
    expect(await pending['wallets']).toBeUndefined();
    expect(await firstCall('wallets', regular('regular wallets').call, page)).toBe(
      'regular wallets',
    );
  });

  it('are optional: a page without them (the dev server before its first transform) calls the platform', async () => {
    expect(await firstCall('apps', regular('regular').call, {})).toBe('regular');
  });
});
