/** Every wire shape as a valibot schema, and the one reader of their complaints. */
export * from './check.js';
export * from './configFile.js';
export * from './registry.js';
export * from './scopes.js';
export * from './bridge.js';
export * from './messages.js';
export * from './gateway.js';
export * from './walletApi.js';
export * from './controlApi.js';
export * from './events.js';
