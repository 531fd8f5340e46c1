import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxAddresses } from '@mp-sandbox/protocol';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The sample merchant's settings. A real merchant server has the same ones: the gateway URL, the
 * client ID and key the platform gave it, the platform's public key, and the mini program it serves.
 */
export interface MerchantOptions {
  host: string;
  port: number;
  gatewayUrl: string;
  clientId: string;
  appId: string;
  keyVersion: string;
  /** Created on first start when missing; its public half is what the platform registers. */
  keysDir: string;
  keyName: string;
  platformPublicKeyFile: string;
  /** Origins allowed to call the login API from a browser (the mini program's, the shell's). */
  allowedOrigins: string[];
  dataDir: string;
}

type Env = Record<string, string | undefined>;

export function optionsFromEnv(env: Env): MerchantOptions {
  const { bindHost, ports, urls, localUrls } = sandboxAddresses(env);
  const dataDir = resolve(env['SANDBOX_DATA_DIR'] ?? resolve(REPO_ROOT, '.sandbox-data'));
  return {
    host: bindHost,
    port: ports.merchant,
    gatewayUrl: env['MERCHANT_GATEWAY_URL'] ?? localUrls.platform,
    clientId: env['MERCHANT_CLIENT_ID'] ?? '2024SANDBOXMERCHANT01',
    appId: env['MERCHANT_APP_ID'] ?? '3333010071465913',
    keyVersion: env['MERCHANT_KEY_VERSION'] ?? '1',
    keysDir: resolve(dataDir, 'keys'),
    keyName: 'sample-merchant',
    platformPublicKeyFile:
      env['PLATFORM_PUBLIC_KEY_FILE'] ?? resolve(dataDir, 'keys/platform.public.pem'),
    // The mini program calls with fetch; my.request calls from the shell's page, on the app's behalf.
    allowedOrigins: (env['MERCHANT_ALLOWED_ORIGINS'] ?? `${urls.miniProgram},${urls.shell}`)
      .split(',')
      .map((o) => o.trim()),
    dataDir: resolve(dataDir, 'merchant'),
  };
}
