import {
  encodeLaunchParams,
  LAUNCH_PARAM,
  reportedScreen,
  safeAreaOf,
  type DeviceProfile,
  type WalletLanguage,
  type MiniProgramApp,
  type Persona,
  type SandboxLaunchParams,
  type SiteInfo,
  type SystemInfo,
  SANDBOX_DEVICE_STATE,
} from '@mp-sandbox/protocol';
import { currentDevice } from '../../device';
import { currentLanguage } from '../../i18n/language';
import { currentTheme } from '../../theme';

/**
 * `my.getSiteInfo`. `region` is an ISO 3166-1 alpha-2 code on a real site (a wallet's market);
 * the sandbox serves no market, so it says `ZZ`, the code for an unknown region, and code that
 * branches on real regions takes its default path.
 */
export const SANDBOX_SITE: SiteInfo = { siteName: 'SANDBOX', region: 'ZZ' };

/** What the wallet shows now, that a mini program opened now is told: the phone, the language, the theme. */
export interface Display {
  device: DeviceProfile;
  language: WalletLanguage;
  theme: 'light' | 'dark';
}

export function currentDisplay(): Display {
  return { device: currentDevice(), language: currentLanguage(), theme: currentTheme() };
}

/**
 * `my.getSystemInfo` for the phone the wallet plays (packages/protocol/src/devices.ts), with the
 * platform's field names. The window is the mini program's part of the screen, below the status
 * bar and the title bar; the jsapi measures the frame's real window when the app asks.
 */
export function sandboxSystemInfo({ device, language, theme }: Display): SystemInfo {
  const screen = reportedScreen(device);
  return {
    app: 'sandbox',
    version: device.walletVersion,
    platform: device.platform,
    system: device.system,
    brand: device.brand,
    model: device.model,
    language,
    pixelRatio: device.pixelRatio,
    theme,
    screenWidth: screen.width,
    screenHeight: screen.height,
    screen,
    windowWidth: device.screen.width,
    windowHeight:
      device.screen.height -
      device.safeAreaInsets.top -
      device.titleBarHeight -
      device.safeAreaInsets.bottom,
    statusBarHeight: device.statusBarHeight,
    titleBarHeight: device.titleBarHeight,
    fontSizeSetting: 16,
    safeArea: safeAreaOf(device),
    performance: 'high',
    currentBattery: '100%',
    storage: '128 GB',
    transparentTitle: false,
    // The platform's name for "an iPhone with a notch or Dynamic Island" (a home indicator below).
    isIphoneXSeries: device.platform === 'iOS' && device.cutout !== 'none',
    ...SANDBOX_DEVICE_STATE,
  };
}

const NAMESPACES_KEY = 'mp-sandbox/storage-namespaces';
const inMemory = new Map<string, string>();

function randomNamespace(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `ns${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The storage namespace of one persona in one app: random, made once and remembered by the shell.
 * Opaque by construction: a hash of the (guessable) persona id could be reversed by guessing, and
 * the userId is for applyToken alone to reveal.
 */
export function storageNamespaceFor(
  personaId: string,
  appId: string,
  store: Storage | undefined = globalThis.localStorage,
): string {
  const pair = JSON.stringify([personaId, appId]);
  let known: Record<string, string> = {};
  try {
    known = JSON.parse(store?.getItem(NAMESPACES_KEY) ?? '{}') as Record<string, string>;
  } catch {
    // An unreadable record starts afresh; apps then find their storage empty, never someone else's.
  }
  const existing = known[pair] ?? inMemory.get(pair);
  if (existing) return existing;
  const made = randomNamespace();
  inMemory.set(pair, made);
  try {
    store?.setItem(NAMESPACES_KEY, JSON.stringify({ ...known, [pair]: made }));
  } catch {
    // Storage blocked: the namespace lasts as long as this page.
  }
  return made;
}

export function launchParamsFor(
  app: MiniProgramApp,
  persona: Persona,
  shellOrigin: string,
  store?: Storage,
  display: Display = currentDisplay(),
): SandboxLaunchParams {
  return {
    v: 1,
    appId: app.appId,
    shellOrigin,
    storageNamespace: storageNamespaceFor(persona.id, app.appId, store),
    siteInfo: SANDBOX_SITE,
    systemInfo: sandboxSystemInfo(display),
  };
}

/** The app's URL with the launch parameter added; its own query and hash are left as they are. */
export function launchUrl(appUrl: string, params: SandboxLaunchParams): string {
  const url = new URL(appUrl);
  const launch = `${LAUNCH_PARAM}=${encodeLaunchParams(params)}`;
  url.search = url.search ? `${url.search}&${launch}` : `?${launch}`;
  return url.toString();
}
