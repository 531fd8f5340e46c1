import { expect, test } from '@mp-sandbox/playwright';

test('Allow: the user allows, and the merchant signs them in', async ({ wallet, consent }) => {
  const app = await wallet.open('Vet Visits');
  await app.getByRole('button', { name: 'Sign in', exact: true }).click();
  await consent.expectScopes(['auth_user']);
  await consent.allow();
  await expect(app.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
});

test('Deny: the user says no, and the mini program is told', async ({
  wallet,
  consent,
  events,
}) => {
  const app = await wallet.open('Vet Visits');
  await app.getByRole('button', { name: 'Sign in', exact: true }).click();
  await consent.deny();
  await expect(app.getByRole('status')).toHaveText('You said no');
  expect(await events.list('auth_code.issued')).toHaveLength(0);
});

test('a chained login: basic info in one sheet, then the phone number in the next', async ({
  wallet,
  consent,
  events,
}) => {
  const app = await wallet.open('Vet Visits');
  await app.getByRole('button', { name: 'Sign in with phone' }).click();
  await consent.expectScopes(['auth_user']);
  await consent.allow();
  await consent.next();
  await consent.expectScopes(['PLAINTEXT_MOBILE_PHONE']);
  await consent.allow();
  await expect(app.getByRole('status')).toHaveText(
    'Signed in as Ana Lucía García Torres, phone number shared',
  );
  expect(await events.list('consent.allowed')).toHaveLength(2);
});

test('token expiry through the clock: two hours later the merchant refreshes by itself', async ({
  wallet,
  consent,
  clock,
  events,
}) => {
  const app = await wallet.open('Vet Visits');
  await app.getByRole('button', { name: 'Sign in', exact: true }).click();
  await consent.allow();
  await expect(app.getByRole('status')).toHaveText('Signed in as Ana Lucía García Torres');
  await clock.advance('2h');
  await app.getByRole('button', { name: 'Show profile' }).click();
  await expect(app.getByRole('status')).toHaveText('Still signed in as Ana Lucía García Torres');
  await events.waitFor('token.refreshed');
});

test('a fault: applyToken fails once, and the mini program shows why', async ({
  wallet,
  consent,
  faults,
  events,
}) => {
  await faults.next('applyToken', 'INVALID_AUTHCODE');
  const app = await wallet.open('Vet Visits');
  await app.getByRole('button', { name: 'Sign in', exact: true }).click();
  await consent.allow();
  await expect(app.getByRole('status')).toHaveText(/^Sign-in failed: /);
  const failed = await events.waitFor('openapi.failed');
  expect(failed.data['resultCode']).toBe('INVALID_AUTHCODE');
});
