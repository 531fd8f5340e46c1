import { describe, expect, it, vi } from 'vitest';
import { JsapiSyncError } from './callbacks.js';
import { MY_APIS } from './my.js';
import { createHostedWindow } from './testing.js';

describe('an API the sandbox does not implement', () => {
  it('fails with the platform\'s "not supported" error and says, in the console, what is supported', async () => {
    const host = createHostedWindow();
    const my = host.my() as unknown as Record<string, (options?: object) => Promise<unknown>>;
    const fail = vi.fn();
    const complete = vi.fn();
    await expect(my['scan']!({ fail, complete })).rejects.toMatchObject({ error: 1 });
    expect(fail).toHaveBeenCalledWith({
      error: 1,
      errorMessage: 'JSAPI not supported: my.scan is not available in the sandbox',
    });
    expect(complete).toHaveBeenCalledOnce();
    expect(String(host.log.warn[0]![0])).toMatch(
      /my\.scan is not supported by the sandbox.*Supported: alert, canIUse, clearStorage/,
    );
    expect(host.posted).toHaveLength(0);
  });

  it('throws when its name says it is synchronous', () => {
    const my = createHostedWindow().my() as unknown as Record<string, () => unknown>;
    expect(() => my['getLocationSync']!()).toThrow(JsapiSyncError);
  });

  it('does not make my look like a Promise, nor answer for symbols and private names', async () => {
    const my = createHostedWindow().my() as unknown as Record<string | symbol, unknown>;
    expect(my['then']).toBeUndefined();
    expect(my['_internal']).toBeUndefined();
    expect(my[Symbol.iterator]).toBeUndefined();
    expect('scan' in my).toBe(false);
    await expect(Promise.resolve(my)).resolves.toBe(my);
  });

  it('can be detected with my.canIUse, as on the platform', () => {
    const my = createHostedWindow().my();
    expect(my.canIUse('request')).toBe(true);
    expect(my.canIUse('getAuthCode.object.scopes')).toBe(true);
    expect(my.canIUse('scan')).toBe(false);
  });
});

describe("my outside the sandbox's shell", () => {
  it('says so once, loudly, and every API fails with the reason: async by fail, sync by throwing', async () => {
    const host = createHostedWindow({ launch: null });
    const my = host.my();
    expect(host.log.error).toHaveLength(1);
    expect(String(host.log.error[0]![0])).toMatch(
      /The sandbox's my\.\* cannot run here: .*no launch parameters.*Every my\.\* call will fail/,
    );
    const fail = vi.fn();
    await expect(my.getAuthCode({ fail })).rejects.toMatchObject({
      error: 3,
      errorMessage: expect.stringContaining('my.* refused'),
    });
    expect(fail).toHaveBeenCalledOnce();
    for (const name of MY_APIS.filter((n) => n !== 'canIUse')) {
      const api = my[name] as (options?: unknown) => Promise<unknown>;
      if (name.endsWith('Sync')) expect(() => api({ key: 'k', data: 1 }), name).toThrow(/refused/);
      else
        await expect(
          api({ key: 'k', data: 1, url: 'https://x.example' }),
          name,
        ).rejects.toMatchObject({ errorMessage: expect.stringContaining('refused') });
    }
    expect(my.canIUse('request')).toBe(false);
    expect(host.posted).toHaveLength(0);
    expect(host.localStorage.length).toBe(0);
    expect(host.log.error).toHaveLength(1);
  });
});
