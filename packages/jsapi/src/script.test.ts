import { afterEach, describe, expect, it, vi } from 'vitest';
import { bundleScript } from '../scripts/buildScript.js';
import { createHostedWindow } from './testing.js';

/** The bundle `npm run build` writes to dist/my.js, built the same way, in memory. */
async function bundle(): Promise<string> {
  const [script] = await bundleScript({ sourcemap: false });
  if (!script) throw new Error('esbuild gave no output file');
  return script.text;
}

/** Runs the bundle as a `<script>` would, with `window` being the fake page. */
function runAsScript(code: string, page: Window): void {
  new Function('window', code)(page);
}

type Page = Window & { my?: Record<string, (...args: unknown[]) => unknown> };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('dist/my.js, the script-tag form', () => {
  it('defines window.my on a page the shell opened, and it works', async () => {
    const host = createHostedWindow({ launch: { appId: 'LAB0002' } });
    runAsScript(await bundle(), host.window);
    const my = (host.window as Page).my!;
    expect(typeof my['getAuthCode']).toBe('function');
    expect(my['getAppIdSync']!()).toEqual({ appId: 'LAB0002' });
    expect(host.replaced).toHaveLength(1); // the launch parameters left the URL
    void (my['alert']!({ title: 'Hi' }) as Promise<unknown>).catch(() => {});
    expect(host.lastCall('alert').params).toEqual({ title: 'Hi' });
  });

  it("leaves a real super app's my alone, and says so", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const host = createHostedWindow();
    const real = { getAuthCode: () => 'the real one' };
    (host.window as unknown as { my: unknown }).my = real;
    runAsScript(await bundle(), host.window);
    expect((host.window as unknown as { my: unknown }).my).toBe(real);
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining("window.my already exists and is not the sandbox's"),
    );
  });

  it('on a page the shell did not open, defines a my that refuses, after one console.error', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const host = createHostedWindow({ launch: null });
    runAsScript(await bundle(), host.window);
    const my = (host.window as Page).my!;
    await expect(my['getAuthCode']!({})).rejects.toMatchObject({
      errorMessage: expect.stringContaining('refused'),
    });
    expect(error).toHaveBeenCalledOnce();
    expect(host.posted).toHaveLength(0);
  });
});
