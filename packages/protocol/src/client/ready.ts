/**
 * The one readiness poller: a process that was just started cannot tell anyone when it listens,
 * so its health URL is asked until it answers 2xx. Used by the launcher, `startSandbox`, the e2e
 * stack and the benches.
 */

/** True when `url` answers 2xx within `timeoutMs`; false on any other answer or no answer. */
export async function answers(url: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export interface WaitOptions {
  /** How long to wait in all (30 s by default). */
  timeoutMs?: number;
  /** Between rounds (100 ms by default; a bench that times the start asks more often). */
  intervalMs?: number;
  /** Each URL's own wait for an answer (1 s by default). */
  probeTimeoutMs?: number;
  /**
   * Called between rounds: a reason to stop waiting (the process exited), or undefined. The
   * reason is thrown as the error's message.
   */
  failed?: () => string | undefined;
  /** Called once per URL when it first answers (a launcher prints as parts come up). */
  onReady?: (url: string) => void;
}

/**
 * Resolves when every URL has answered 2xx once; throws when one has not within `timeoutMs`
 * (naming those still silent) or when `failed` gives a reason.
 */
export async function waitUntilAnswering(
  urls: readonly string[],
  options: WaitOptions = {},
): Promise<void> {
  const { timeoutMs = 30_000, intervalMs = 100, probeTimeoutMs = 1000 } = options;
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(urls);
  for (;;) {
    const reason = options.failed?.();
    if (reason !== undefined) throw new Error(reason);
    for (const url of [...pending]) {
      if (!(await answers(url, probeTimeoutMs))) continue;
      pending.delete(url);
      options.onReady?.(url);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`not answering within ${timeoutMs / 1000} s: ${[...pending].join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
