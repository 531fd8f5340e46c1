import { describe, expect, it } from 'vitest';
import {
  decodeLaunchParams,
  DEVICE_PROFILES,
  LAUNCH_PARAM,
  type MiniProgramApp,
  type Persona,
} from '@mp-sandbox/protocol';
import { launchParamsFor, launchUrl, sandboxSystemInfo, storageNamespaceFor } from './launchParams';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
}

const app = {
  appId: 'LAB0001',
  name: 'JSAPI Lab',
  url: 'http://127.0.0.1:7703/lab.html?form=script#/start',
} as MiniProgramApp;
const ana = { id: 'ana', nickName: 'Ana' } as Persona;

describe('the storage namespace', () => {
  it('is opaque, never made from the userId, and the same every time for one persona in one app', () => {
    const store = new MemoryStorage() as unknown as Storage;
    const first = storageNamespaceFor('ana', 'LAB0001', store);
    expect(first).toMatch(/^ns[0-9a-f]{18}$/);
    expect(first).not.toContain('ana');
    expect(storageNamespaceFor('ana', 'LAB0001', store)).toBe(first);
  });

  it('differs per persona and per app', () => {
    const store = new MemoryStorage() as unknown as Storage;
    const names = [
      storageNamespaceFor('ana', 'LAB0001', store),
      storageNamespaceFor('chen', 'LAB0001', store),
      storageNamespaceFor('ana', '3333010071465913', store),
    ];
    expect(new Set(names).size).toBe(3);
  });
});

describe('the launch URL', () => {
  it("adds the launch parameter and leaves the app's own query and hash as they are", () => {
    const params = launchParamsFor(
      app,
      ana,
      'http://127.0.0.1:7700',
      new MemoryStorage() as unknown as Storage,
    );
    const url = new URL(launchUrl(app.url, params));
    expect(url.pathname).toBe('/lab.html');
    expect(url.searchParams.get('form')).toBe('script');
    expect(url.hash).toBe('#/start');
    expect(decodeLaunchParams(url.searchParams.get(LAUNCH_PARAM)!)).toEqual(params);
  });

  it('carries the app, the shell, the site and the device, and not the user', () => {
    const params = launchParamsFor(
      app,
      ana,
      'http://127.0.0.1:7700',
      new MemoryStorage() as unknown as Storage,
    );
    expect(params).toMatchObject({
      v: 1,
      appId: 'LAB0001',
      shellOrigin: 'http://127.0.0.1:7700',
      siteInfo: { siteName: 'SANDBOX', region: 'ZZ' },
    });
    expect(params.systemInfo).toMatchObject({
      app: 'sandbox',
      platform: 'iOS',
      model: 'iPhone15,4',
      screen: { width: 393, height: 852 },
      language: 'en',
    });
    expect(JSON.stringify(params)).not.toContain('ana');
  });
});

describe('my.getSystemInfo for a device profile', () => {
  it("an iPhone: sizes in points, the Dynamic Island's safe area, the window below the status and title bars", () => {
    const info = sandboxSystemInfo({
      device: DEVICE_PROFILES['iphone-15-pro-max'],
      language: 'zh-Hans',
      theme: 'dark',
    });
    expect(info).toMatchObject({
      platform: 'iOS',
      system: '17.5',
      brand: 'Apple',
      model: 'iPhone16,2',
      pixelRatio: 3,
      language: 'zh-Hans',
      theme: 'dark',
      screenWidth: 430,
      screenHeight: 932,
      statusBarHeight: 54,
      titleBarHeight: 44,
      isIphoneXSeries: true,
      safeArea: { left: 0, right: 430, top: 59, bottom: 898, width: 430, height: 839 },
      windowWidth: 430,
      windowHeight: 932 - 59 - 44 - 34,
    });
  });

  it('an Android phone: the screen in physical pixels as Android clients report it, the window in CSS pixels', () => {
    const info = sandboxSystemInfo({
      device: DEVICE_PROFILES['galaxy-s23'],
      language: 'pt-BR',
      theme: 'light',
    });
    expect(info).toMatchObject({
      platform: 'Android',
      system: '14',
      brand: 'samsung',
      model: 'SM-S911B',
      pixelRatio: 3,
      language: 'pt-BR',
      screenWidth: 1080,
      screenHeight: 2340,
      screen: { width: 1080, height: 2340 },
      statusBarHeight: 24,
      titleBarHeight: 48,
      windowWidth: 360,
      isIphoneXSeries: false,
      safeArea: { top: 24, bottom: 780, height: 756 },
    });
  });
});
