import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHELL_PROXY_SECRET_FILE } from '../deps.js';

/**
 * The secret the wallet shell's proxy adds to what it forwards, so the platform knows a wallet call
 * came through the shell's own server. Made once per data folder (the shell reads it from there;
 * in containers both mount the same volume), mode 600 like the private keys beside it.
 */
export function ensureShellSecret(keysDir: string): string {
  const file = join(keysDir, SHELL_PROXY_SECRET_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start on this folder
  }
  mkdirSync(keysDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
