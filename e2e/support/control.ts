import { CONTROL_PATHS, type EventsResponse, type SandboxEvent, type SandboxEventType } from '@mp-sandbox/protocol';
import { stack } from './stack';

/** A thin client of the platform's control API for the suites. */
export const control = {
  async reset(): Promise<void> {
    const response = await fetch(stack.urls.platform + CONTROL_PATHS.reset, { method: 'POST' });
    if (!response.ok) throw new Error(`reset failed: HTTP ${response.status}`);
  },
  async events(type?: SandboxEventType): Promise<SandboxEvent[]> {
    const query = type ? `?type=${type}` : '';
    const response = await fetch(`${stack.urls.platform}${CONTROL_PATHS.events}${query}`);
    return ((await response.json()) as EventsResponse).events;
  },
  async platformPublicKey(): Promise<string> {
    const response = await fetch(stack.urls.platform + CONTROL_PATHS.platformKey);
    return ((await response.json()) as { publicKey: string }).publicKey;
  },
};
