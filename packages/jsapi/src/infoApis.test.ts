import { describe, expect, it, vi } from 'vitest';
import { createHostedWindow, TEST_SYSTEM_INFO } from './testing.js';

describe('the APIs answered from the launch parameters', () => {
  it('my.getAppIdSync answers at once, without asking the shell', () => {
    const host = createHostedWindow({ launch: { appId: 'LAB0001' } });
    expect(host.my().getAppIdSync()).toEqual({ appId: 'LAB0001' });
    expect(host.posted).toHaveLength(0);
  });

  it('my.getSiteInfo gives the site name and region, by callback and Promise', async () => {
    const host = createHostedWindow();
    const success = vi.fn();
    await expect(host.my().getSiteInfo({ success })).resolves.toEqual({
      siteName: 'SANDBOX',
      region: 'ZZ',
    });
    expect(success).toHaveBeenCalledWith({ siteName: 'SANDBOX', region: 'ZZ' });
    expect(host.posted).toHaveLength(0);
  });

  it("my.getSystemInfo gives the device the shell described, and this frame's own window size", async () => {
    const host = createHostedWindow();
    const info = await host.my().getSystemInfo();
    expect(info).toEqual({ ...TEST_SYSTEM_INFO, windowWidth: 370, windowHeight: 720 });
    expect(host.my().getSystemInfoSync()).toEqual(info);
  });

  it('hands out copies, so a mini program that edits one answer does not change the next', () => {
    const host = createHostedWindow();
    const my = host.my();
    my.getSystemInfoSync().screen.width = 1;
    expect(my.getSystemInfoSync().screen.width).toBe(390);
  });

  it("calls back after the caller's own code has run, as a real container does", async () => {
    const host = createHostedWindow();
    const order: string[] = [];
    const done = host.my().getSiteInfo({ success: () => order.push('success') });
    order.push('after the call');
    await done;
    expect(order).toEqual(['after the call', 'success']);
  });
});
