// The platform's view of the shared contracts, re-exported so domain files import from one place.
export * from '@mp-sandbox/protocol';
export type { Tables } from './domain/store.js';
