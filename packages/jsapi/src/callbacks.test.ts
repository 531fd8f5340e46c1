import { describe, expect, it, vi } from 'vitest';
import { settle } from './callbacks.js';

describe('settle', () => {
  it('runs complete even when success throws, and rethrows the error outside, as uncaught', async () => {
    const rethrown: Array<() => void> = [];
    const microtask = vi
      .spyOn(globalThis, 'queueMicrotask')
      .mockImplementation((task) => void rethrown.push(task));
    try {
      const complete = vi.fn();
      const result = await settle(Promise.resolve({ ok: true }), {
        success: () => {
          throw new Error('bug in the mini program');
        },
        complete,
      });
      expect(result).toEqual({ ok: true });
      expect(complete).toHaveBeenCalledWith({ ok: true });
      expect(rethrown).toHaveLength(1);
      expect(rethrown[0]).toThrow('bug in the mini program');
    } finally {
      microtask.mockRestore();
    }
  });

  it('turns a thrown non-JSAPI error into error 3 with its message', async () => {
    await expect(settle(Promise.reject(new TypeError('boom')), {})).rejects.toEqual({
      error: 3,
      errorMessage: 'Unknown error!: boom',
    });
  });

  it('does not report an unhandled rejection to a caller that handles failure by callback', async () => {
    const fail = vi.fn();
    void settle(Promise.reject({ error: 11, errorMessage: 'cancelled' }), { fail });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fail).toHaveBeenCalledOnce();
  });
});
