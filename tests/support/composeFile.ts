import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const COMPOSE_FILE = resolve(
  fileURLToPath(new URL('../..', import.meta.url)),
  'docker-compose.yml',
);

/**
 * Compose's own substitution of `${NAME}`, `${NAME:-default}` and `${NAME-default}` from `env`, as
 * `docker compose` does before it reads the file. `${NAME:?message}` is left as written when NAME is
 * unset (compose would refuse to start: the tests check that it says so).
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g,
    (whole, name: string, colon: string, kind: string | undefined, fallback: string) => {
      const value = env[name];
      const unset = value === undefined || (colon === ':' && value === '');
      if (!unset) return value;
      if (kind === '-') return fallback;
      return kind === '?' ? whole : '';
    },
  );
}

/** docker-compose.yml as compose reads it with `env` in its environment (none by default). */
export function readCompose<T>(env: Record<string, string | undefined> = {}): T {
  return parse(interpolate(readFileSync(COMPOSE_FILE, 'utf8'), env)) as T;
}
