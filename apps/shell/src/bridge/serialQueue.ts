/**
 * Runs tasks one at a time, in the order they came: getAuthCode calls of one mini program wait for
 * the one before them, so one consent sheet shows at a time and none replaces another. A task
 * whose caller gave up while it waited is dropped without running.
 */
export function serialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const result = tail.then(() => {
      if (signal?.aborted) throw signal.reason;
      return task();
    });
    // The next task waits for this one to settle, whichever way.
    tail = result.catch(() => undefined);
    return result;
  };
}
