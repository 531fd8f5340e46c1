import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureKeyPair,
  generateRsaKeyPair,
  keyPairFiles,
  type KeyPairFiles,
  type PemKeyPair,
} from '@mp-sandbox/openapi-client';
import { ensureShellSecret } from '../access/shellSecret.js';
import { SHELL_PROXY_SECRET_FILE } from '../deps.js';
import { PostgresStore } from './postgresStore.js';

/** Where the platform's key pair (JSON of the PEM pair) is kept on a database. */
export const PLATFORM_KEY_PAIR = 'platform.keyPair';

export interface PlatformSecrets {
  keys: PemKeyPair & KeyPairFiles;
  /** What the shell's proxy adds to wallet calls. */
  shellSecret: string;
}

/**
 * The platform's key pair and the shell's proxy secret. On the embedded store they live in the keys
 * folder, made on first start. On a shared database every replica must sign with the same key and
 * know the same secret, so they are kept in the database (the first replica makes them) and
 * written to the keys folder too, where merchants and the shell read them as before.
 */
export async function platformSecrets(store: unknown, keysDir: string): Promise<PlatformSecrets> {
  if (!(store instanceof PostgresStore))
    return { keys: ensureKeyPair(keysDir, 'platform'), shellSecret: ensureShellSecret(keysDir) };
  const pair = JSON.parse(
    await store.shared(PLATFORM_KEY_PAIR, () => JSON.stringify(generateRsaKeyPair())),
  ) as PemKeyPair;
  const shellSecret = await store.shared(SHELL_PROXY_SECRET_FILE, () =>
    randomBytes(32).toString('hex'),
  );
  const files = keyPairFiles(keysDir, 'platform');
  mkdirSync(keysDir, { recursive: true });
  // Replicas on one volume write the same bytes; each write is a rename, so a reader never sees half.
  writeAtomically(files.privateKeyFile, pair.privateKey, 0o600);
  writeAtomically(files.publicKeyFile, pair.publicKey, 0o644);
  writeAtomically(join(keysDir, SHELL_PROXY_SECRET_FILE), `${shellSecret}\n`, 0o600);
  return { keys: { ...pair, ...files }, shellSecret };
}

function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}
