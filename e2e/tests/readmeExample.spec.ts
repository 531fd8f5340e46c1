// The consent test of packages/playwright/README.md, word for word: it must keep passing.
import { expect, test } from '@mp-sandbox/playwright';

test('the user allows, and the mini program signs them in', async ({ wallet, consent }) => {
  const app = await wallet.open('Harbor Coffee');
  await app.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.expectScopes(['auth_user']);
  await consent.allow();
  await expect(app.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
});
