import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

// The JSAPI Lab imports the script-tag build; on a fresh clone only `npm install` can have made it
// (vitest runs before the e2e suite, which builds it again for its own use).
it('npm install builds the script-tag form of my (packages/jsapi/dist/my.js), which the JSAPI Lab loads', () => {
  const scripts = (
    JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  expect(scripts['prepare']).toContain('build');
  const bundle = resolve(root, 'packages/jsapi/dist/my.js');
  expect(existsSync(bundle)).toBe(true);
  expect(readFileSync(bundle, 'utf8')).toContain('getAuthCode');
});
