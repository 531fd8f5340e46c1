import { controlApi, sandboxHttp, walletApi } from '@mp-sandbox/protocol/client';

export { SandboxRequestError } from '@mp-sandbox/protocol/client';

/**
 * Every call of the shell goes through its `/platform` proxy, which adds what the platform asks of
 * the wallet shell (its secret); the protocol's one client does the rest.
 */
export const platformCall = sandboxHttp({ baseUrl: '/platform' });

const control = controlApi(platformCall);
/** The wallet sessions of this tab, one per persona that has held the wallet (see walletApi). */
const wallet = walletApi(platformCall);

export const platformApi = {
  health: () => control.health(),
  apps: () => control.apps(),
  personas: () => control.personas(),
  wallets: () => control.wallets(),
  rules: (appId: string) => control.rules(appId),
  prepare: wallet.prepare,
  authorize: wallet.authorize,
  withdrawAuthCode: wallet.withdrawAuthCode,
  grants: wallet.grants,
  revokeGrant: wallet.revokeGrant,
};
