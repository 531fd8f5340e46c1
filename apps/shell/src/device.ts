import { useSyncExternalStore } from 'react';
import {
  DEFAULT_DEVICE,
  DEVICE_IDS,
  deviceProfile,
  isDeviceId,
  type DeviceId,
  type DeviceProfile,
} from '@mp-sandbox/protocol';

const PARAM = 'device';

let chosen: DeviceId = DEFAULT_DEVICE;
let unknownChoice: string | undefined;
const listeners = new Set<() => void>();

/**
 * The phone as attributes of <html>: its screen size, status bar, title bar and safe areas as CSS
 * variables, its camera cutout a `data-cutout` the status bar draws. styles.css sizes `.phone`
 * from them, so every screen of the wallet keeps clear of the notch and the home indicator. The
 * server that draws the home (ssr/renderHome.tsx) writes the same ones into the page.
 */
export function deviceRootAttributes(id: DeviceId): {
  data: Record<'device' | 'cutout' | 'platform', string>;
  style: Record<string, string>;
} {
  const device = deviceProfile(id);
  const px: Record<string, number> = {
    '--screen-w': device.screen.width,
    '--screen-h': device.screen.height,
    '--safe-top': device.safeAreaInsets.top,
    '--safe-bottom': device.safeAreaInsets.bottom,
    '--title-bar': device.titleBarHeight,
  };
  return {
    data: { device: device.id, cutout: device.cutout, platform: device.platform.toLowerCase() },
    style: Object.fromEntries(Object.entries(px).map(([name, value]) => [name, `${value}px`])),
  };
}

/** Draws the phone (deviceRootAttributes). */
function apply(): void {
  const root = document.documentElement;
  const { data, style } = deviceRootAttributes(chosen);
  for (const [name, value] of Object.entries(data)) root.dataset[name] = value;
  for (const [name, value] of Object.entries(style)) root.style.setProperty(name, value);
  for (const listener of listeners) listener();
}

/** Reads `?device=` and draws that phone; main.tsx calls it before the first render. */
export function initDevice(): void {
  const value = new URLSearchParams(window.location.search).get(PARAM);
  chosen = isDeviceId(value) ? value : DEFAULT_DEVICE;
  unknownChoice = value !== null && !isDeviceId(value) ? value : undefined;
  if (unknownChoice !== undefined)
    console.warn(
      `[wallet] ?${PARAM}=${unknownChoice} is not a phone the wallet plays (${DEVICE_IDS.join(', ')}): it plays the ${deviceProfile(DEFAULT_DEVICE).name}`,
    );
  apply();
}

/** What the phone says about a `?device=` the wallet does not know (notices for the developer stay in English). */
export function unknownDeviceNotice(choice: string, showing: DeviceProfile): string {
  return `No device "${choice}": the phones are ${DEVICE_IDS.join(', ')}. Showing the ${showing.name}.`;
}

/** Plays another phone; the URL keeps it (`?device=pixel-8`), so a QA link reproduces it. */
export function chooseDevice(next: DeviceId): void {
  chosen = next;
  unknownChoice = undefined;
  const url = new URL(window.location.href);
  url.searchParams.set(PARAM, next);
  window.history.replaceState(window.history.state, '', url);
  apply();
}

/** The phone the wallet plays now; a mini program opened now gets it in `my.getSystemInfo()`. */
export function currentDevice(): DeviceProfile {
  return deviceProfile(chosen);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The phone, and a `?device=` the wallet does not know (it then plays the default). */
export function useDevice(): { device: DeviceProfile; unknownChoice: string | undefined } {
  const id = useSyncExternalStore(subscribe, () => chosen);
  const unknown = useSyncExternalStore(subscribe, () => unknownChoice);
  return { device: deviceProfile(id), unknownChoice: unknown };
}
