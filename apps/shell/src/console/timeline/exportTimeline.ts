import type { SandboxEvent } from '@mp-sandbox/protocol';

import { buildHar } from './har';

/** Saves `content` as a file the browser downloads. */
function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const stamp = (at: string) => at.replace(/[:.]/g, '-');

/**
 * Downloads the events in view as JSON, for a bug report: the raw events, exactly as the platform
 * sent them, so whoever reads the report sees what the console saw.
 */
export function exportTimeline(events: readonly SandboxEvent[]): void {
  const exportedAt = new Date().toISOString();
  const report = { exportedAt, source: window.location.origin, events };
  download(
    `sandbox-timeline-${stamp(exportedAt)}.json`,
    'application/json',
    JSON.stringify(report, null, 2),
  );
}

/** Downloads the gateway calls in view as a HAR 1.2 file, with URLs on `gateway`. */
export function exportHar(events: readonly SandboxEvent[], gateway: string): void {
  download(
    `sandbox-gateway-${stamp(new Date().toISOString())}.har`,
    'application/json',
    JSON.stringify(buildHar(events, gateway), null, 2),
  );
}
