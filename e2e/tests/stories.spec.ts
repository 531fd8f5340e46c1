import { expect, test, type WalletPage } from '@mp-sandbox/playwright';
import type { ConsentSheet } from '@mp-sandbox/playwright';

const HARBOR = 'Harbor Coffee';

/** Logs in to Harbor Coffee, allowing the sheet if one shows; returns the mini program's frame. */
async function logIn(wallet: WalletPage, consent: ConsentSheet, persona?: string) {
  const harbor = await wallet.open(HARBOR, persona ? { persona } : {});
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  await expect(harbor.getByRole('status')).toContainText('Signed in as');
  return harbor;
}

test('an hour later the merchant refreshes the expired access token by itself, and the user notices nothing', async ({
  wallet,
  consent,
  clock,
  events,
}) => {
  const harbor = await logIn(wallet, consent);
  await clock.advance('61m');
  await harbor.getByRole('button', { name: 'Refresh my stamps' }).click();
  await expect(harbor.getByRole('status')).toHaveText(
    'Stamps up to date for Ana Lucía García Torres',
  );
  const refreshed = await events.waitFor('token.refreshed');
  const [issued] = await events.list('token.issued');
  expect(refreshed.correlationId).toBe(issued?.correlationId);
});

test('a month later the refresh token has expired: the mini program asks the user again', async ({
  wallet,
  consent,
  clock,
  events,
}) => {
  const harbor = await logIn(wallet, consent);
  await clock.advance('31d');
  await harbor.getByRole('button', { name: 'Refresh my stamps' }).click();
  await expect(harbor.getByRole('status')).toContainText('Your session ended (LOGIN_REQUIRED)');
  const failure = await events.waitFor(
    'openapi.failed',
    (e) => e.data['resultCode'] === 'EXPIRED_REFRESH_TOKEN',
  );
  expect(failure.data['fix']).toContain('my.getAuthCode');
  // The user granted auth_user before, so asking again needs no sheet: a new code, a new token.
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await expect(harbor.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
  expect(await events.list('token.issued')).toHaveLength(2);
});

test('two personas in turn each give their own consent and get their own customer id', async ({
  wallet,
  consent,
  events,
}) => {
  const first = await logIn(wallet, consent, 'ana');
  await expect(first.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
  await wallet.close();
  await wallet.switchPersona('bruno');
  const second = await wallet.open(HARBOR);
  await second.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.waitFor(HARBOR);
  await consent.allow();
  await expect(second.getByRole('status')).toHaveText('Signed in as Bruno Costa Almeida');
  const issued = await events.list('token.issued');
  expect(issued.map((e) => e.data['customerId'])).toHaveLength(2);
  expect(new Set(issued.map((e) => e.data['customerId'])).size).toBe(2);
});

test('an injected UNKNOWN_EXCEPTION on applyToken reaches the mini program and the timeline', async ({
  wallet,
  consent,
  faults,
  events,
}) => {
  const fault = await faults.next('applyToken', 'UNKNOWN_EXCEPTION');
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  await expect(harbor.getByRole('status')).toContainText('Sign-in failed: UNKNOWN_EXCEPTION');
  const failure = await events.waitFor('openapi.failed');
  expect(failure.data).toMatchObject({
    resultCode: 'UNKNOWN_EXCEPTION',
    resultStatus: 'U',
    injectedFault: fault.id,
  });
});

test('an injected EXPIRED_ACCESS_TOKEN on user info makes the merchant refresh and retry, and the login still succeeds', async ({
  wallet,
  consent,
  faults,
  events,
}) => {
  await faults.next('inquiryUserInfo', 'EXPIRED_ACCESS_TOKEN');
  await logIn(wallet, consent);
  await events.waitFor('token.refreshed');
  expect((await events.list('openapi.failed')).map((e) => e.data['resultCode'])).toEqual([
    'EXPIRED_ACCESS_TOKEN',
  ]);
});

test('a slow gateway keeps the mini program waiting, then signs the user in', async ({
  wallet,
  consent,
  faults,
}) => {
  await faults.latency('applyToken', 1200);
  const harbor = await wallet.open(HARBOR);
  await harbor.getByRole('button', { name: 'Log in with wallet' }).click();
  await consent.allow();
  await expect(harbor.getByRole('status')).toHaveText('Signing in…');
  await expect(harbor.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
});
