import { describe, expect, it, vi } from 'vitest';
import type { MiniProgramApp } from '@mp-sandbox/protocol';
import { performRequest, RequestTasks } from './request';

const app = {
  appId: 'LAB0001',
  name: 'JSAPI Lab',
  url: 'http://127.0.0.1:7703/lab.html',
  requestDomains: ['http://127.0.0.1:7702', 'api.example.com'],
} as MiniProgramApp;

function answering(body: string, init: ResponseInit = {}) {
  return vi.fn(
    async (_url: string | URL | Request, _init?: RequestInit) =>
      new Response(body, { headers: { 'content-type': 'application/json' }, ...init }),
  );
}

describe('which domains my.request may reach', () => {
  it("the app's own origin and its registered domains, with or without a scheme", async () => {
    const fetch = answering('{"ok":true}');
    for (const url of [
      'http://127.0.0.1:7703/data.json',
      'http://127.0.0.1:7702/healthz',
      'https://api.example.com/v1',
      'http://api.example.com/v1',
    ]) {
      await expect(performRequest(app, { url }, { fetch })).resolves.toMatchObject({
        status: 200,
        data: { ok: true },
      });
    }
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('refuses any other with error 4, before sending anything, and says how to register it', async () => {
    const fetch = answering('{}');
    await expect(
      performRequest(app, { url: 'http://127.0.0.1:7701/sandbox/v1/apps' }, { fetch }),
    ).rejects.toEqual({
      error: 4,
      errorMessage: expect.stringMatching(
        /^No permission: http:\/\/127\.0\.0\.1:7701 is not a request domain of JSAPI Lab \(LAB0001\); it may reach http:\/\/127\.0\.0\.1:7703, http:\/\/127\.0\.0\.1:7702, api\.example\.com\. Register .*PATCH \/sandbox\/v1\/apps\/LAB0001/,
      ),
    });
    await expect(
      performRequest(app, { url: 'http://evil.example.com@127.0.0.1:7701/' }, { fetch }),
    ).rejects.toMatchObject({ error: 4 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses what is not an absolute http(s) URL with error 2', async () => {
    await expect(performRequest(app, { url: '/api/x' })).rejects.toMatchObject({
      error: 2,
      errorMessage: expect.stringContaining('absolute http(s) URL'),
    });
    await expect(performRequest(app, { url: 'file:///etc/passwd' })).rejects.toMatchObject({
      error: 2,
    });
  });
});

describe('what my.request sends', () => {
  it('GET: data becomes the query string, with no body and no content-type', async () => {
    const fetch = answering('{}');
    await performRequest(
      app,
      { url: 'http://127.0.0.1:7702/search?lang=es', data: { q: 'flat white', page: '2' } },
      { fetch },
    );
    const [url, init] = fetch.mock.calls[0]!;
    expect(String(url)).toBe('http://127.0.0.1:7702/search?lang=es&q=flat%20white&page=2');
    expect(init).toMatchObject({ method: 'GET', body: undefined, credentials: 'omit' });
    expect((init!.headers as Headers).has('content-type')).toBe(false);
  });

  it('POST: an object is JSON by default, or a form when the content-type says so; headers wins over header', async () => {
    const fetch = answering('{}');
    await performRequest(
      app,
      { url: 'http://127.0.0.1:7702/api', method: 'POST', data: { a: 'x y' } },
      { fetch },
    );
    expect(fetch.mock.calls[0]![1]).toMatchObject({ body: '{"a":"x y"}' });
    expect((fetch.mock.calls[0]![1]!.headers as Headers).get('content-type')).toBe(
      'application/json',
    );
    await performRequest(
      app,
      {
        url: 'http://127.0.0.1:7702/api',
        method: 'POST',
        data: { a: 'x y' },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        header: { 'x-ignored': '1' },
      },
      { fetch },
    );
    expect(fetch.mock.calls[1]![1]).toMatchObject({ body: 'a=x%20y' });
    expect((fetch.mock.calls[1]![1]!.headers as Headers).has('x-ignored')).toBe(false);
  });
});

describe('what my.request answers', () => {
  it('the data as asked (json, text, base64, arraybuffer), the status twice and the headers twice', async () => {
    const result = await performRequest(
      app,
      { url: 'http://127.0.0.1:7703/x' },
      {
        fetch: answering('{"n":1}', {
          headers: { 'content-type': 'application/json', 'x-a': 'b' },
        }),
      },
    );
    expect(result).toEqual({
      data: { n: 1 },
      status: 200,
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-a': 'b' },
      header: { 'content-type': 'application/json', 'x-a': 'b' },
    });
    expect(
      (
        await performRequest(
          app,
          { url: 'http://127.0.0.1:7703/x', dataType: 'text' },
          { fetch: answering('{"n":1}') },
        )
      ).data,
    ).toBe('{"n":1}');
    expect(
      (
        await performRequest(
          app,
          { url: 'http://127.0.0.1:7703/x', dataType: 'base64' },
          { fetch: answering('hi!') },
        )
      ).data,
    ).toBe('aGkh');
    const buffer = (
      await performRequest(
        app,
        { url: 'http://127.0.0.1:7703/x', dataType: 'arraybuffer' },
        { fetch: answering('hi') },
      )
    ).data;
    expect(new TextDecoder().decode(buffer as ArrayBuffer)).toBe('hi');
  });

  it('fails with 19 "http status error" on a status of 400 or more, keeping what the server said', async () => {
    const fetch = answering('{"error":"NOT_SIGNED_IN"}', { status: 401 });
    await expect(
      performRequest(app, { url: 'http://127.0.0.1:7702/api/me' }, { fetch }),
    ).rejects.toEqual({
      error: 19,
      errorMessage: 'http status error',
      status: 401,
      data: { error: 'NOT_SIGNED_IN' },
      headers: { 'content-type': 'application/json' },
    });
  });

  it('fails with 14 "JSON parse data error" when the body is not the JSON asked for', async () => {
    await expect(
      performRequest(app, { url: 'http://127.0.0.1:7703/x' }, { fetch: answering('<html>') }),
    ).rejects.toMatchObject({ error: 14, errorMessage: 'JSON parse data error', data: '<html>' });
  });

  it('fails with 12, and a hint about CORS, when no answer comes', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(
      performRequest(
        app,
        { url: 'http://127.0.0.1:7702/healthz' },
        { fetch, shellOrigin: 'http://127.0.0.1:7700' },
      ),
    ).rejects.toEqual({
      error: 12,
      errorMessage: expect.stringContaining(
        "GET http://127.0.0.1:7702/healthz got no answer (Failed to fetch). Is the server up, and does it allow the wallet shell's origin http://127.0.0.1:7700 by CORS?",
      ),
    });
  });

  it('fails with 13 after its timeout, and with 20 when aborted', async () => {
    const hanging = vi.fn(
      (_url: string | URL | Request, init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) =>
          init!.signal!.addEventListener('abort', () =>
            reject(new DOMException('aborted', 'AbortError')),
          ),
        ),
    );
    await expect(
      performRequest(app, { url: 'http://127.0.0.1:7703/slow', timeout: 20 }, { fetch: hanging }),
    ).rejects.toMatchObject({
      error: 13,
      errorMessage: expect.stringContaining('more than 20 ms'),
    });
    const tasks = new RequestTasks();
    const running = tasks.run('t1', (signal) =>
      performRequest(app, { url: 'http://127.0.0.1:7703/slow' }, { fetch: hanging, signal }),
    );
    expect(tasks.abort('t1')).toBe(true);
    await expect(running).rejects.toMatchObject({ error: 20 });
    expect(tasks.abort('t1')).toBe(false);
  });
});
