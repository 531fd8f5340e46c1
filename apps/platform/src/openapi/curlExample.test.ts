import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.js';
import {
  startTestPlatform,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testKeys,
  type TestPlatform,
} from '../testing/testPlatform.js';

const run = promisify(execFile);
let t: TestPlatform;

beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t.close();
});

it("the README's curl and openssl merchant call gets a success whose signature openssl verifies", async () => {
  const privateKey = join(t.dir, 'merchant.private.pem');
  const platformKey = join(t.dir, 'platform.public.pem');
  writeFileSync(privateKey, testKeys().merchant.privateKey);
  writeFileSync(platformKey, t.platform.keys.publicKey);
  const code = await t.issueCode('ana', ['auth_user']);

  const { stdout } = await run(join(REPO_ROOT, 'examples/curl-apply-token.sh'), [code], {
    env: {
      ...process.env,
      GATEWAY: t.url,
      CLIENT_ID: TEST_CLIENT_ID,
      APP_ID: TEST_APP_ID,
      PRIVATE_KEY: privateKey,
      PLATFORM_PUBLIC_KEY: platformKey,
    },
  });
  const [answer, verdict] = stdout.trim().split('\n');
  expect(JSON.parse(answer!)).toMatchObject({
    result: { resultCode: 'SUCCESS', resultStatus: 'S' },
    customerId: expect.stringMatching(/^\d{20}$/),
  });
  expect(verdict).toBe('Verified OK');
});
