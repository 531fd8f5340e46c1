export {
  createOpenApiClient,
  OpenApiClient,
  type CallResult,
  type KeySource,
  type OpenApiClientOptions,
} from './client.js';
export {
  generateRsaKeyPair,
  normalizePem,
  signContent,
  verifyContent,
  type PemKeyPair,
  type PemOrKey,
} from './crypto.js';
export {
  describeKeyForm,
  keyPairForms,
  PRIVATE_KEY_FORMS,
  PUBLIC_KEY_FORMS,
  publicKeyBase64,
  readPrivateKey,
  readPublicKey,
  type KeyPairForms,
  type KeyReading,
} from './keyForms.js';
export {
  GatewayResponseError,
  isWireResult,
  PlatformApiError,
  ReauthorizationRequiredError,
  type ReauthorizationReason,
} from './errors.js';
export { grantApi, type GrantApi, type GrantApiOptions } from './grantApi.js';
export { ensureKeyPair, keyPairFiles, type KeyPairFiles } from './keyFiles.js';
export {
  createTokenManager,
  TokenManager,
  type LoginOptions,
  type TokenManagerOptions,
} from './tokenManager.js';
export { MemoryTokenStore, type StoredTokens, type TokenStore } from './tokenStore.js';
