import { expect, test, type WalletPage } from '@mp-sandbox/playwright';

// The wallet's screens as QA meets them (issue 13): notices that clear, a console that never
// covers the phone, links that reproduce a screen, Back and Forward, confirmations and feedback.

const HARBOR = 'Harbor Coffee';
const TESTER = 'Scope Tester';

async function ask(wallet: WalletPage, scopes: string) {
  const tester = await wallet.open(TESTER);
  await tester.getByLabel(/Scopes/).fill(scopes);
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  return tester;
}

test('the Refused notice clears when the mini program asks again', async ({ page, wallet, consent }) => {
  const tester = await ask(wallet, 'auth_user, PLAINTEXT_MOBILE_PHONE');
  const notice = page.getByRole('alert').filter({ hasText: 'Refused' });
  await expect(notice).toContainText('call my.getAuthCode twice');
  await tester.getByLabel(/Scopes/).fill('PLAINTEXT_MOBILE_PHONE');
  await tester.getByRole('button', { name: 'Get auth code' }).click();
  await consent.waitFor(TESTER);
  await expect(notice).toHaveCount(0);
  await consent.allow();
  await expect(tester.getByRole('status')).toContainText('success');
  await expect(notice).toHaveCount(0);
});
