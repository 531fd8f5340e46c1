import type { SandboxEvent } from '@mp-sandbox/protocol';

/**
 * Downloads the events in view as JSON, for a bug report: the raw events, exactly as the platform
 * sent them, so whoever reads the report sees what the console saw.
 */
export function exportTimeline(events: readonly SandboxEvent[]): void {
  const exportedAt = new Date().toISOString();
  const report = { exportedAt, source: window.location.origin, events };
  const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: `sandbox-timeline-${exportedAt.replace(/[:.]/g, '-')}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
