import { readFileSync, statSync } from 'node:fs';

/** Reads a merchant's public-key file, or undefined when it cannot be read. */
export type KeyFileReader = (file: string) => string | undefined;

/**
 * Key files are read again when they change (their modification time), so a merchant who rotates
 * a key in a file the config names needs no restart; unchanged files are not read twice.
 */
export function keyFileReader(): KeyFileReader {
  const cache = new Map<string, { mtimeMs: number; pem: string }>();
  return (file) => {
    try {
      const { mtimeMs } = statSync(file);
      const cached = cache.get(file);
      if (cached?.mtimeMs === mtimeMs) return cached.pem;
      const pem = readFileSync(file, 'utf8');
      cache.set(file, { mtimeMs, pem });
      return pem;
    } catch {
      return undefined;
    }
  };
}
