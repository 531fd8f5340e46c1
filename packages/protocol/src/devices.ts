import type { SystemInfo } from './jsapiLaunch.js';

/**
 * Device profiles: the phones the wallet can play, as data. The shell draws its phone frame from
 * them (screen size, status bar, camera cutout, safe areas) and answers `my.getSystemInfo` with
 * them, so a mini program can be tried on a small iPhone and a large Android without one.
 *
 * Sizes are the phones' own, in CSS pixels (points on iOS, dp on Android), portrait. Safe-area
 * insets are what the operating system reports to web content in portrait (`env(safe-area-inset-*)`
 * on iOS): the status bar or cutout on top, the home indicator at the bottom.
 */

export type DeviceId = 'iphone-se' | 'iphone-15' | 'iphone-15-pro-max' | 'pixel-8' | 'galaxy-s23';

/** What sits in the top of the screen: nothing, a notch, the Dynamic Island, or a punch-hole camera. */
export type Cutout = 'none' | 'notch' | 'dynamic-island' | 'punch-hole';

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface DeviceProfile {
  id: DeviceId;
  /** As a person names the phone, in the device menu. */
  name: string;
  brand: string;
  /** `my.getSystemInfo().model`, as the phone reports itself. */
  model: string;
  platform: 'iOS' | 'Android';
  /** The operating system's version: `my.getSystemInfo().system`. */
  system: string;
  /** The screen in CSS pixels, portrait. */
  screen: { width: number; height: number };
  /** Physical pixels per CSS pixel. */
  pixelRatio: number;
  statusBarHeight: number;
  /** The height of the mini program's title bar on this platform. */
  titleBarHeight: number;
  safeAreaInsets: Insets;
  cutout: Cutout;
  /** The wallet app's version on this phone: `my.getSystemInfo().version`. */
  walletVersion: string;
}

/**
 * Mini programs gate features on the client version (`compareVersion(version, '10.1.35')`); the
 * sandbox implements today's surface, so each phone reports a current-looking client version.
 */
const WALLET_VERSION = '10.6.0';

// Screen sizes and pixel ratios: Apple's and Google's/Samsung's specifications (iPhone SE 3rd
// generation 1334x750 @2x; iPhone 15 2556x1179 @3x; iPhone 15 Pro Max 2796x1290 @3x; Pixel 8
// 2400x1080 at 2.625; Galaxy S23 2340x1080 at 3). iOS insets: Apple's safe-area layout guide on
// those models (59 above and 34 below on Dynamic Island phones, the 20-point status bar on the SE).
// Android: Material's 24 dp status bar; the wallet's web view ends above the navigation bar.
export const DEVICE_PROFILES: Record<DeviceId, DeviceProfile> = {
  'iphone-se': {
    id: 'iphone-se',
    name: 'iPhone SE',
    brand: 'Apple',
    model: 'iPhone14,6',
    platform: 'iOS',
    system: '17.5',
    screen: { width: 375, height: 667 },
    pixelRatio: 2,
    statusBarHeight: 20,
    titleBarHeight: 44,
    safeAreaInsets: { top: 20, right: 0, bottom: 0, left: 0 },
    cutout: 'none',
    walletVersion: WALLET_VERSION,
  },
  'iphone-15': {
    id: 'iphone-15',
    name: 'iPhone 15',
    brand: 'Apple',
    model: 'iPhone15,4',
    platform: 'iOS',
    system: '17.5',
    screen: { width: 393, height: 852 },
    pixelRatio: 3,
    statusBarHeight: 54,
    titleBarHeight: 44,
    safeAreaInsets: { top: 59, right: 0, bottom: 34, left: 0 },
    cutout: 'dynamic-island',
    walletVersion: WALLET_VERSION,
  },
  'iphone-15-pro-max': {
    id: 'iphone-15-pro-max',
    name: 'iPhone 15 Pro Max',
    brand: 'Apple',
    model: 'iPhone16,2',
    platform: 'iOS',
    system: '17.5',
    screen: { width: 430, height: 932 },
    pixelRatio: 3,
    statusBarHeight: 54,
    titleBarHeight: 44,
    safeAreaInsets: { top: 59, right: 0, bottom: 34, left: 0 },
    cutout: 'dynamic-island',
    walletVersion: WALLET_VERSION,
  },
  'pixel-8': {
    id: 'pixel-8',
    name: 'Pixel 8',
    brand: 'Google',
    model: 'Pixel 8',
    platform: 'Android',
    system: '14',
    screen: { width: 412, height: 915 },
    pixelRatio: 2.625,
    statusBarHeight: 24,
    titleBarHeight: 48,
    safeAreaInsets: { top: 24, right: 0, bottom: 0, left: 0 },
    cutout: 'punch-hole',
    walletVersion: WALLET_VERSION,
  },
  'galaxy-s23': {
    id: 'galaxy-s23',
    name: 'Galaxy S23',
    brand: 'samsung',
    model: 'SM-S911B',
    platform: 'Android',
    system: '14',
    screen: { width: 360, height: 780 },
    pixelRatio: 3,
    statusBarHeight: 24,
    titleBarHeight: 48,
    safeAreaInsets: { top: 24, right: 0, bottom: 0, left: 0 },
    cutout: 'punch-hole',
    walletVersion: WALLET_VERSION,
  },
};

export const DEVICE_IDS = Object.keys(DEVICE_PROFILES) as DeviceId[];

/** The phone the wallet plays when nothing chose one. */
export const DEFAULT_DEVICE: DeviceId = 'iphone-15';

export function isDeviceId(value: unknown): value is DeviceId {
  return typeof value === 'string' && Object.hasOwn(DEVICE_PROFILES, value);
}

export function deviceProfile(id: DeviceId | undefined): DeviceProfile {
  return DEVICE_PROFILES[id ?? DEFAULT_DEVICE];
}

/**
 * The screen as `my.getSystemInfo` reports it. Android clients report physical pixels (the
 * platform's own example: screenWidth 1080 beside windowWidth 360, `@mini-types/my`); iOS clients
 * report points, which are CSS pixels.
 */
export function reportedScreen(device: DeviceProfile): { width: number; height: number } {
  const scale = device.platform === 'Android' ? device.pixelRatio : 1;
  return {
    width: Math.round(device.screen.width * scale),
    height: Math.round(device.screen.height * scale),
  };
}

/** The safe area in `my.getSystemInfo().safeArea`'s shape: a rectangle in CSS pixels, portrait. */
export function safeAreaOf(device: DeviceProfile): NonNullable<SystemInfo['safeArea']> {
  const { screen, safeAreaInsets: inset } = device;
  const [left, right, top, bottom] = [
    inset.left,
    screen.width - inset.right,
    inset.top,
    screen.height - inset.bottom,
  ];
  return { left, right, top, bottom, width: right - left, height: bottom - top };
}
