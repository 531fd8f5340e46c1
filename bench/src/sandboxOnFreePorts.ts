import { freePort } from '@mp-sandbox/playwright';
import { HEALTH_PATHS, sandboxAddresses, type SandboxAddresses } from '@mp-sandbox/protocol';

/** A whole sandbox's environment on free ports, and the URL of each part's readiness probe. */
export async function sandboxOnFreePorts(
  dataDir: string,
): Promise<{ env: NodeJS.ProcessEnv; urls: SandboxAddresses['urls']; probes: string[] }> {
  const env = {
    ...process.env,
    SHELL_PORT: String(await freePort()),
    PLATFORM_PORT: String(await freePort()),
    MERCHANT_PORT: String(await freePort()),
    MINI_PROGRAM_PORT: String(await freePort()),
    SANDBOX_DATA_DIR: dataDir,
    SANDBOX_NO_HMR: '1',
  };
  const { urls } = sandboxAddresses(env);
  const parts = ['platform', 'merchant', 'miniProgram', 'shell'] as const;
  const probes = parts.map((part) => urls[part] + HEALTH_PATHS[part]);
  return { env, urls, probes };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
