import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSandbox } from './startSandbox.js';

describe('startSandbox', () => {
  it('starts the platform on a free port, serves the control API bound to a namespace, and stops cleanly', async () => {
    const running = await startSandbox({ port: 0 });
    try {
      expect(running.urls.platform).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${running.urls.platform}/sandbox/v1/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', part: 'platform' });

      const personas = await running.sandbox.personas();
      expect(personas.map((p) => p.id)).toContain(running.sandbox.personaId('ana'));
      const apps = await running.sandbox.apps();
      const { authCode } = await running.sandbox.issueAuthCode({
        app: apps[0]!.name,
        scopes: ['auth_base'],
      });
      expect(authCode).toMatch(/^[0-9A-F]+$/);
      await running.sandbox.clock.advance('2h');
      expect((await running.sandbox.clock.now()).getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    } finally {
      await running.stop();
    }
    expect(existsSync(running.dataDir)).toBe(false);
    await expect(fetch(`${running.urls.platform}/sandbox/v1/health`)).rejects.toThrow();
  });
});
