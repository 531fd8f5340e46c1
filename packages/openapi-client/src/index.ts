export { createOpenApiClient, OpenApiClient, type CallResult, type KeySource, type OpenApiClientOptions } from './client.js';
export { generateRsaKeyPair, normalizePem, signContent, verifyContent, type PemKeyPair, type PemOrKey } from './crypto.js';
export { GatewayResponseError, isWireResult, PlatformApiError } from './errors.js';
export { ensureKeyPair, keyPairFiles, type KeyPairFiles } from './keyFiles.js';
