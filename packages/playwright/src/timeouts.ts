/**
 * How long the kit waits, in one place. The defaults suit a busy 2-core CI machine running the
 * sandbox and several Playwright workers at once (a first wallet load there can take seconds), and
 * they never slow a passing test: every wait ends as soon as what it waits for happens.
 *
 * Change them for a whole suite with `use: { sandboxTimeouts: { ui: 30_000 } }` in the Playwright
 * config, or with `SANDBOX_KIT_TIMEOUT_MS` (sets both) in the environment.
 */
export interface SandboxTimeouts {
  /** Waiting for something on screen: the wallet home, a mini program's frame, a consent sheet. */
  ui: number;
  /** Waiting for the platform to record something: a consent decision, a timeline event. */
  event: number;
}

export const DEFAULT_TIMEOUTS: SandboxTimeouts = { ui: 15_000, event: 15_000 };

export function timeoutsFromEnv(
  env: Record<string, string | undefined> = process.env,
): SandboxTimeouts {
  const raw = env['SANDBOX_KIT_TIMEOUT_MS'];
  const ms = raw === undefined || raw === '' ? NaN : Number(raw);
  if (raw !== undefined && raw !== '' && !(ms > 0))
    throw new Error(`SANDBOX_KIT_TIMEOUT_MS=${raw} must be a positive number of milliseconds`);
  return Number.isFinite(ms) ? { ui: ms, event: ms } : { ...DEFAULT_TIMEOUTS };
}
