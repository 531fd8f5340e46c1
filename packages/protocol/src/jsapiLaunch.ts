/**
 * Launch parameters: what the shell hands a mini program when it opens it, so that synchronous
 * JSAPIs (`getAppIdSync`, `getStorageSync` …) can answer without a postMessage round trip.
 *
 * The shell adds them to the iframe's URL as `?__sandbox_launch=<base64url JSON>`; the jsapi reads
 * them at load and removes them from the visible URL before the app's own code runs.
 */
export const LAUNCH_PARAM = '__sandbox_launch';

/** `my.getSiteInfo`: which super app (site) and region the mini program runs in. */
export interface SiteInfo {
  siteName: string;
  /** ISO 3166-1 alpha-2, or `ZZ` (unknown region) for the sandbox. */
  region: string;
}

/** `my.getSystemInfo`, with the fields `@mini-types/my` declares as always present. */
export interface SystemInfo {
  app: string;
  version: string;
  platform: string;
  platformType?: string;
  system: string;
  brand: string;
  model: string;
  language: string;
  /** The wallet's light or dark theme, as real containers report it (not in `@mini-types/my` yet). */
  theme?: 'light' | 'dark';
  pixelRatio: number;
  screenWidth: number;
  screenHeight: number;
  screen: { width: number; height: number };
  /** The mini program's own viewport: the jsapi measures it when asked. */
  windowWidth: number;
  windowHeight: number;
  statusBarHeight: number;
  titleBarHeight: number;
  fontSizeSetting: number;
  performance: 'high' | 'middle' | 'low' | 'unknown';
  currentBattery: string;
  storage: string;
  transparentTitle: boolean;
  isIphoneXSeries: boolean;
  safeArea?: {
    left: number;
    right: number;
    top: number;
    bottom: number;
    width: number;
    height: number;
  };
  albumAuthorized: boolean;
  cameraAuthorized: boolean;
  locationAuthorized: boolean;
  microphoneAuthorized: boolean;
  locationEnabled: boolean;
  wifiEnabled: boolean;
  bluetoothEnabled: boolean;
  bluetoothAuthorized: boolean;
  notificationAuthorized: boolean;
  notificationAlertAuthorized: boolean;
  notificationBadgeAuthorized: boolean;
  notificationSoundAuthorized: boolean;
  overlayAuthorized: boolean;
}

/** The sandbox grants a mini program no device permission; only Wi-Fi is on. */
export const SANDBOX_DEVICE_STATE = {
  albumAuthorized: false,
  cameraAuthorized: false,
  locationAuthorized: false,
  microphoneAuthorized: false,
  locationEnabled: false,
  wifiEnabled: true,
  bluetoothEnabled: false,
  bluetoothAuthorized: false,
  notificationAuthorized: false,
  notificationAlertAuthorized: false,
  notificationBadgeAuthorized: false,
  notificationSoundAuthorized: false,
  overlayAuthorized: false,
} as const satisfies Partial<SystemInfo>;

export interface SandboxLaunchParams {
  /** The format's version: a jsapi that does not know it refuses loudly instead of misreading. */
  v: 1;
  appId: string;
  /** The shell that opened the app; the jsapi checks it against the page that frames it. */
  shellOrigin: string;
  /**
   * Prefix of this app's storage keys, distinct per app and per persona. Opaque: it is not made
   * from the userId, which only applyToken may reveal.
   */
  storageNamespace: string;
  siteInfo: SiteInfo;
  systemInfo: SystemInfo;
}

// base64url by hand: the same code in Node and browsers, without Buffer or atob.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function utf8Bytes(text: string): number[] {
  // encodeURIComponent writes every non-ASCII character as its UTF-8 bytes in %XX form.
  const bytes: number[] = [];
  for (const part of encodeURIComponent(text).matchAll(/%([0-9A-F]{2})|(.)/gs)) {
    bytes.push(part[1] !== undefined ? parseInt(part[1], 16) : part[2]!.charCodeAt(0));
  }
  return bytes;
}

function utf8Text(bytes: number[]): string {
  return decodeURIComponent(bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
}

export function encodeBase64Url(text: string): string {
  const bytes = utf8Bytes(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    if (b !== undefined) out += ALPHABET[(n >> 6) & 63]!;
    if (c !== undefined) out += ALPHABET[n & 63]!;
  }
  return out;
}

/** Undefined when `encoded` is not base64url of UTF-8 text. */
export function decodeBase64Url(encoded: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded) || encoded.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i += 4) {
    const chunk = encoded.slice(i, i + 4);
    const n = [...chunk.padEnd(4, 'A')].reduce((acc, ch) => (acc << 6) | ALPHABET.indexOf(ch), 0);
    bytes.push((n >> 16) & 255);
    if (chunk.length > 2) bytes.push((n >> 8) & 255);
    if (chunk.length > 3) bytes.push(n & 255);
  }
  try {
    return utf8Text(bytes);
  } catch {
    return undefined;
  }
}

export function encodeLaunchParams(params: SandboxLaunchParams): string {
  return encodeBase64Url(JSON.stringify(params));
}

// decodeLaunchParams: schema/messages.ts (the launch parameter's schema).
