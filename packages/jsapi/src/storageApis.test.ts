import { describe, expect, it, vi } from 'vitest';
import { JsapiSyncError } from './callbacks.js';
import { MemoryStorage, createHostedWindow } from './testing.js';

describe('storage', () => {
  it('the async and sync forms share one store', async () => {
    const host = createHostedWindow();
    const my = host.my();
    const success = vi.fn();
    await expect(
      my.setStorage({ key: 'cart', data: { items: ['flat white'], total: 4.2 }, success }),
    ).resolves.toBeUndefined();
    expect(success).toHaveBeenCalledWith({});
    expect(my.getStorageSync({ key: 'cart' })).toEqual({
      data: { items: ['flat white'], total: 4.2 },
    });
    expect(my.setStorageSync({ key: 'visits', data: 3 })).toEqual({ success: true });
    await expect(my.getStorage({ key: 'visits' })).resolves.toEqual({ data: 3 });
    expect(host.posted).toHaveLength(0);
  });

  it('answers null for a key that holds nothing', async () => {
    const my = createHostedWindow().my();
    expect(my.getStorageSync({ key: 'never-set' })).toEqual({ data: null });
    await expect(my.getStorage({ key: 'never-set' })).resolves.toEqual({ data: null });
  });

  it("removes one key, and clears only this app's and persona's keys", async () => {
    const shared = new MemoryStorage();
    shared.setItem('someone-else', 'keep me');
    const mine = createHostedWindow({
      localStorage: shared,
      launch: { storageNamespace: 'ns-ana-lab' },
    }).my();
    const other = createHostedWindow({
      localStorage: shared,
      launch: { storageNamespace: 'ns-chen-lab' },
    }).my();
    mine.setStorageSync({ key: 'a', data: 1 });
    mine.setStorageSync({ key: 'b', data: 2 });
    other.setStorageSync({ key: 'a', data: 'chen' });
    await expect(mine.removeStorage({ key: 'a' })).resolves.toEqual({ success: true });
    expect(mine.getStorageSync({ key: 'a' })).toEqual({ data: null });
    expect(mine.removeStorageSync({ key: 'b' })).toEqual({ success: true });
    mine.setStorageSync({ key: 'c', data: 3 });
    await expect(mine.clearStorage()).resolves.toEqual({ success: true });
    expect(mine.getStorageSync({ key: 'c' })).toEqual({ data: null });
    expect(other.getStorageSync({ key: 'a' })).toEqual({ data: 'chen' });
    expect(shared.getItem('someone-else')).toBe('keep me');
    expect(other.clearStorageSync()).toEqual({ success: true });
    expect(shared.length).toBe(1);
  });

  it("keeps each app's and persona's data under its opaque namespace, as JSON", () => {
    const host = createHostedWindow({ launch: { storageNamespace: 'k3x9' } });
    host.my().setStorageSync({ key: 'greeting', data: 'hola' });
    expect(host.localStorage.getItem('mp-sandbox:k3x9:greeting')).toBe('{"data":"hola"}');
  });

  it('fails a missing key the async way, and setStorageSync reports it in its result', async () => {
    const my = createHostedWindow().my();
    const fail = vi.fn();
    await expect(my.setStorage({ key: '', data: 1, fail })).rejects.toMatchObject({
      error: 2,
      errorMessage: expect.stringContaining('key must be a non-empty string'),
    });
    expect(fail).toHaveBeenCalledOnce();
    expect(my.setStorageSync({ data: 1 } as never)).toEqual({
      success: false,
      error: 2,
      errorMessage: expect.stringContaining('key must be a non-empty string'),
    });
  });

  it('the other sync forms throw a JsapiSyncError carrying the error code', () => {
    const my = createHostedWindow().my();
    expect(() => my.getStorageSync({} as never)).toThrow(JsapiSyncError);
    expect(() => my.removeStorageSync({ key: 7 } as never)).toThrow(
      expect.objectContaining({ error: 2 }),
    );
  });

  it("refuses data it cannot keep: none at all, not JSON, or over the platform's 200 KB per key", async () => {
    const my = createHostedWindow().my();
    await expect(my.setStorage({ key: 'x', data: undefined })).rejects.toMatchObject({
      errorMessage: expect.stringContaining('data is required'),
    });
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    await expect(my.setStorage({ key: 'x', data: loop })).rejects.toMatchObject({
      errorMessage: expect.stringContaining('cannot be stored as JSON'),
    });
    await expect(my.setStorage({ key: 'x', data: 'a'.repeat(210 * 1024) })).rejects.toMatchObject({
      errorMessage: expect.stringContaining('at most 200 KB per key'),
    });
  });
});
