import { spawn, type ChildProcess } from 'node:child_process';
import { waitUntilAnswering } from '@mp-sandbox/protocol/client';

/** A server a suite started for itself, with what it printed (for the failure message). */
export interface Child {
  name: string;
  process: ChildProcess;
  output(): string;
}

/** Starts `node <args>` in `cwd` and waits until `healthUrl` answers 2xx (30 s unless told). */
export async function startChild(
  name: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  healthUrl: string,
  timeoutMs = 30_000,
): Promise<Child> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started: Child = { name, process: child, output: () => output };
  try {
    await waitUntilAnswering([healthUrl], {
      timeoutMs,
      failed: () =>
        child.exitCode === null
          ? undefined
          : `${name} exited with code ${child.exitCode} before it answered`,
    });
    return started;
  } catch (error) {
    await stopChild(started);
    throw new Error(`${name}: ${(error as Error).message}:\n${output}`);
  }
}

/** SIGTERM, then wait for the exit (SIGKILL after 5 s). */
export async function stopChild({ process: child }: Child): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}
