import { afterEach, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/testPlatform.js';
import { SEEDED_AT } from './seedData.js';

let t: TestPlatform | undefined;
afterEach(async () => {
  await t?.close();
});

describe('seeding at start (both stores)', () => {
  it('marks the store it seeds, and a reset keeps the mark', async () => {
    t = await startTestPlatform();
    expect(await t.platform.store.get('meta', SEEDED_AT)).toEqual(expect.any(String));
    await t.platform.reset();
    expect(await t.platform.store.get('meta', SEEDED_AT)).toEqual(expect.any(String));
  });

  it('keeps the data of a store seeded before the mark existed, marks it, and applies the config again', async () => {
    t = await startTestPlatform();
    const code = await t.issueCode('ana', ['auth_user']);
    await t.platform.store.transaction(async (tx) => {
      tx.delete('meta', SEEDED_AT);
      const app = await tx.get('apps', t!.appId);
      tx.put('apps', t!.appId, { ...app!, name: 'renamed at run time' });
    });
    t = await t.restart();
    expect(await t.platform.store.get('meta', SEEDED_AT)).toEqual(expect.any(String));
    // Not reset: the code issued before the restart is still there to exchange.
    const pair = await t.client.applyToken({
      appId: t.appId,
      authClientId: t.clientId,
      grantType: 'AUTHORIZATION_CODE',
      authCode: code,
    });
    expect(pair.accessToken).toEqual(expect.any(String));
    // The config's app is registered again.
    expect((await t.platform.registry.app(t.appId))?.name).toBe(`${t.appId} (test)`);
  });
});
