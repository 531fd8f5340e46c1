import type { GrantType } from './openapi.js';
import type { ScopeName } from './scopes.js';
import type { Rules } from './rules.js';
import type { WalletId } from './walletProfiles.js';

/** A mini program registered with the platform, as the wallet lists and hosts it. */
export interface MiniProgramApp {
  appId: string;
  name: string;
  /** An emoji or an image URL. */
  icon: string;
  /** The page the container loads; its origin is the only one the bridge hears from. */
  url: string;
  /** The merchant client that may exchange this app's authCodes. */
  authClientId: string;
  /** The scopes the app may ask for; others are refused. */
  scopes: ScopeName[];
  /** Administrator approval: `User_Customer_KYC_Info` is granted without a consent sheet. */
  silentKyc: boolean;
  description?: string;
  /** Origins `my.request` may reach besides the app's own (the platform's server-domain whitelist). */
  requestDomains?: string[];
  /** The wallet this app runs in (see walletProfiles.ts); the sandbox's `wallet` when not set. */
  wallet?: WalletId;
  /** This app's own rule modes, over the sandbox's (see rules.ts). */
  rules?: Partial<Rules>;
}

/** How a client's request signatures are treated: rejected, logged, or not checked at all. */
export type SignatureMode = 'enforce' | 'warn' | 'off';

/** A registered public key: the PEM itself, or a file the platform reads when it needs it. */
export interface PublicKeyEntry {
  keyVersion: string;
  pem?: string;
  file?: string;
}

/** A merchant server's OpenAPI client (the `Client-Id` header and `authClientId` field). */
export interface MerchantClient {
  clientId: string;
  name: string;
  publicKeys: PublicKeyEntry[];
  grantTypes: GrantType[];
  signatureMode: SignatureMode;
}
