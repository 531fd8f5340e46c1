/**
 * Vitest setup file of the project "platform on postgres": names the run's PostgreSQL server
 * (postgresGlobalSetup.ts) in the environment, where `startTestPlatform` looks for it.
 */
import { inject } from 'vitest';
import { TEST_POSTGRES_ENV } from './testStore.js';

process.env[TEST_POSTGRES_ENV] = inject('testPostgresUrl');
