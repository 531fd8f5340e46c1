/**
 * `@mp-sandbox/platform`: the platform as a library, for the launcher (scripts/lib/production.ts
 * runs it in its own process) and tools. Start it with options from `@mp-sandbox/platform/config`;
 * `@mp-sandbox/platform/testing` starts one for a test. The rest of src/ is private.
 */
export { startPlatform, type RunningPlatform } from './server.js';
export type { Platform } from './platform.js';
