import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFileReader } from './keyFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'mp-key-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a merchant key file the config names', () => {
  it('is read again once it changes, so a rotated key needs no restart', () => {
    const file = join(dir, 'merchant.pub.pem');
    const read = keyFileReader();
    writeFileSync(file, 'first key');
    utimesSync(file, 1_000, 1_000);
    expect(read(file)).toBe('first key');
    writeFileSync(file, 'second key');
    utimesSync(file, 2_000, 2_000);
    expect(read(file)).toBe('second key');
  });

  it('is undefined when it cannot be read', () => {
    expect(keyFileReader()(join(dir, 'missing.pem'))).toBeUndefined();
  });
});
