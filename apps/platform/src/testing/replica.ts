/**
 * One platform replica as its own process, for the multi-replica tests and benches: the options
 * come from the environment as in `main.ts` (SANDBOX_DATABASE_URL, SANDBOX_CONTROL_TOKEN,
 * SANDBOX_DATA_DIR; PLATFORM_PORT=0 for a free port) and the seed from the JSON file named by
 * REPLICA_SEED_FILE (the test's merchants, whose keys the test process holds). It reports its URL
 * to the parent over IPC once it listens, and stops on `'stop'` or SIGTERM.
 *
 *   node --import tsx apps/platform/src/testing/replica.ts   (spawned with an IPC channel)
 */
import { readFileSync } from 'node:fs';
import { optionsFromEnv, type PlatformSeed } from '../config.js';
import { startPlatform } from '../server.js';

const seedFile = process.env['REPLICA_SEED_FILE'];
const seed = seedFile ? (JSON.parse(readFileSync(seedFile, 'utf8')) as PlatformSeed) : undefined;
const options = { ...optionsFromEnv(process.env), ...(seed && { seed }), log: () => {} };
const running = await startPlatform(options);
const stop = () => void running.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('message', (message) => message === 'stop' && stop());
// A test runner that dies (or is killed) takes its replicas with it.
process.on('disconnect', stop);
process.send?.({ url: running.url, tlsUrl: running.tls?.url });
