import {
  encodeLaunchParams,
  LAUNCH_PARAM,
  type MiniProgramApp,
  type Persona,
  type SandboxLaunchParams,
  type SiteInfo,
  type SystemInfo,
} from '@mp-sandbox/protocol';
import { currentTheme } from '../../theme';

/**
 * `my.getSiteInfo`. `region` is an ISO 3166-1 alpha-2 code on a real site (a wallet's market);
 * the sandbox serves no market, so it says `ZZ`, the code for an unknown region, and code that
 * branches on real regions takes its default path.
 */
export const SANDBOX_SITE: SiteInfo = { siteName: 'SANDBOX', region: 'ZZ' };

/**
 * Mini programs gate features on the client version (`compareVersion(version, '10.1.35')`); the
 * sandbox implements today's surface, so it reports a current-looking client version.
 */
export const SANDBOX_CLIENT_VERSION = '10.6.0';

/** The phone the shell draws: an iPhone-sized frame (styles.css `.phone`), with a 46 px title bar. */
export function sandboxSystemInfo(): SystemInfo {
  const pixelRatio = globalThis.devicePixelRatio || 1;
  return {
    app: 'sandbox', version: SANDBOX_CLIENT_VERSION, platform: 'iOS', system: '17.0', brand: 'Sandbox', model: 'Sandbox Phone',
    language: globalThis.navigator?.language ?? 'en-US', pixelRatio, theme: currentTheme(),
    screenWidth: 390, screenHeight: 844, screen: { width: 390, height: 844 },
    // The mini program measures its own window when it asks; these are the frame's defaults.
    windowWidth: 370, windowHeight: 700, statusBarHeight: 30, titleBarHeight: 46, fontSizeSetting: 16,
    performance: 'high', currentBattery: '100%', storage: '128 GB', transparentTitle: false, isIphoneXSeries: false,
    // The sandbox grants a mini program no device permission.
    albumAuthorized: false, cameraAuthorized: false, locationAuthorized: false, microphoneAuthorized: false,
    locationEnabled: false, wifiEnabled: true, bluetoothEnabled: false, bluetoothAuthorized: false,
    notificationAuthorized: false, notificationAlertAuthorized: false, notificationBadgeAuthorized: false,
    notificationSoundAuthorized: false, overlayAuthorized: false,
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
export function storageNamespaceFor(personaId: string, appId: string, store: Storage | undefined = globalThis.localStorage): string {
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

export function launchParamsFor(app: MiniProgramApp, persona: Persona, shellOrigin: string, store?: Storage): SandboxLaunchParams {
  return {
    v: 1,
    appId: app.appId,
    shellOrigin,
    storageNamespace: storageNamespaceFor(persona.id, app.appId, store),
    siteInfo: SANDBOX_SITE,
    systemInfo: sandboxSystemInfo(),
  };
}

/** The app's URL with the launch parameter added; its own query and hash are left as they are. */
export function launchUrl(appUrl: string, params: SandboxLaunchParams): string {
  const url = new URL(appUrl);
  const launch = `${LAUNCH_PARAM}=${encodeLaunchParams(params)}`;
  url.search = url.search ? `${url.search}&${launch}` : `?${launch}`;
  return url.toString();
}
