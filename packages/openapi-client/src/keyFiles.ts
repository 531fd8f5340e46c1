import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateRsaKeyPair, type PemKeyPair } from './crypto.js';

export interface KeyPairFiles {
  privateKeyFile: string;
  publicKeyFile: string;
}

export function keyPairFiles(dir: string, name: string): KeyPairFiles {
  return {
    privateKeyFile: join(dir, `${name}.private.pem`),
    publicKeyFile: join(dir, `${name}.public.pem`),
  };
}

function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}

/**
 * Reads a key pair from `dir`, creating it on first use. The private key is written first and the
 * public key last, each atomically, so a reader that finds the public key finds a complete pair.
 */
export function ensureKeyPair(dir: string, name: string): PemKeyPair & KeyPairFiles {
  const files = keyPairFiles(dir, name);
  if (!existsSync(files.publicKeyFile) || !existsSync(files.privateKeyFile)) {
    mkdirSync(dirname(files.privateKeyFile), { recursive: true });
    const pair = generateRsaKeyPair();
    writeAtomically(files.privateKeyFile, pair.privateKey, 0o600);
    writeAtomically(files.publicKeyFile, pair.publicKey, 0o644);
  }
  return {
    ...files,
    privateKey: readFileSync(files.privateKeyFile, 'utf8'),
    publicKey: readFileSync(files.publicKeyFile, 'utf8'),
  };
}
