import type { Frame, Page } from '@playwright/test';
import { expect, test } from '@mp-sandbox/playwright';
import { BRIDGE_BUSY_ERROR, BRIDGE_LIMITS, BRIDGE_TAG } from '@mp-sandbox/protocol';
import { stack } from '../support/stack';

/**
 * Every bridge call settles, one consent sheet at a time, and a flood neither freezes the wallet
 * nor gets codes issued to callers that gave up. The calls are posted as the `my` library posts
 * them, from the mini program's own frame, so any number can be in flight at once.
 */
const HARBOR = 'Harbor Coffee';

// Ten sheets in a row, or a thousand calls, take longer than a single login on a busy CI machine.
test.describe.configure({ timeout: 120_000 });

interface Reply {
  ok: boolean;
  result?: { authCode?: string };
  error?: { error: number; errorMessage: string };
}

interface Call {
  id: string;
  scopes: string[];
  /** The caller's deadline for the acknowledgement (epoch ms); in the past: a caller that gave up. */
  ackBy?: number;
  /** Send a cancel right after the call, as `my` does when its caller stops waiting. */
  cancel?: boolean;
}

async function miniProgramFrame(page: Page): Promise<Frame> {
  // The mini program has loaded (and its own `my` is listening) once its button shows.
  await page
    .frameLocator('iframe[name="mini-program"]')
    .getByRole('button', { name: 'Log in with wallet' })
    .waitFor();
  const frame = page.frame({ name: 'mini-program' });
  if (!frame) throw new Error('the mini program frame is not there');
  await frame.waitForLoadState();
  return frame;
}

/** Posts bridge calls from the mini program's frame, and records every reply there by id. */
async function post(frame: Frame, calls: Call[]): Promise<void> {
  await frame.evaluate(
    ({ calls, tag, shell }) => {
      const w = window as unknown as { replies?: Record<string, unknown> };
      if (!w.replies) {
        w.replies = {};
        window.addEventListener('message', (event) => {
          const data = event.data as { tag?: string; kind?: string; id?: string };
          if (event.origin === shell && data?.tag === tag && data.kind === 'reply' && data.id)
            w.replies![data.id] = data;
        });
      }
      for (const call of calls) {
        parent.postMessage(
          {
            tag,
            kind: 'call',
            id: call.id,
            method: 'getAuthCode',
            params: { scopes: call.scopes },
            ...(call.ackBy && { ackBy: call.ackBy }),
          },
          shell,
        );
        if (call.cancel) parent.postMessage({ tag, kind: 'cancel', id: call.id }, shell);
      }
    },
    { calls, tag: BRIDGE_TAG, shell: stack.urls.shell },
  );
}

async function replies(frame: Frame, count: number): Promise<Record<string, Reply>> {
  await frame.waitForFunction(
    (n) => Object.keys((window as unknown as { replies: object }).replies).length >= n,
    count,
  );
  return frame.evaluate(() => (window as unknown as { replies: Record<string, Reply> }).replies);
}

const calls = (prefix: string, n: number, scopes: string[]): Call[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, scopes }));

test('two concurrent getAuthCode calls that need consent both settle, one sheet after the other', async ({
  page,
  wallet,
}) => {
  await wallet.open(HARBOR);
  const frame = await miniProgramFrame(page);
  await post(frame, calls('two', 2, ['auth_user']));
  const sheet = page.getByRole('dialog', { name: HARBOR });
  await expect(sheet).toHaveCount(1);
  await sheet.getByRole('button', { name: 'Allow', exact: true }).click();
  // The second call finds auth_user granted: no second sheet, and its own code.
  const answered = await replies(frame, 2);
  expect(answered['two-0']).toMatchObject({ ok: true, result: { authCode: expect.any(String) } });
  expect(answered['two-1']).toMatchObject({ ok: true, result: { authCode: expect.any(String) } });
  expect(answered['two-0']!.result!.authCode).not.toBe(answered['two-1']!.result!.authCode);
});

test('ten concurrent getAuthCode calls all settle: ten sheets, one at a time, in order', async ({
  page,
  wallet,
  events,
}) => {
  await wallet.open(HARBOR);
  const frame = await miniProgramFrame(page);
  await post(frame, calls('ten', 10, ['auth_user', 'USER_ADDRESS']));
  const dialogs = page.getByRole('dialog');
  for (let i = 0; i < 10; i++) {
    // A user who denied is asked again: each call gets its own sheet, never two at once.
    await expect(dialogs).toHaveCount(1);
    await dialogs.getByRole('button', { name: 'Deny', exact: true }).click();
    await replies(frame, i + 1);
  }
  const answered = await replies(frame, 10);
  for (let i = 0; i < 10; i++) {
    expect(answered[`ten-${i}`], `call ${i}`).toMatchObject({ ok: false, error: { error: 11 } });
  }
  expect(await events.list('consent.denied')).toHaveLength(10);
  expect(await events.list('auth_code.issued')).toHaveLength(0);
});

test('1,000 calls: the wallet keeps answering clicks, over-limit calls are refused, and nobody who gave up gets a code', async ({
  page,
  wallet,
  events,
}) => {
  await wallet.open(HARBOR);
  const frame = await miniProgramFrame(page);
  const toggle = page.getByRole('button', { name: /(Hide|Show) console/ });
  await expect(toggle).toBeVisible();
  // How long the wallet takes to start handling a click (input delay), measured in the page.
  await page.evaluate(() => {
    document.addEventListener(
      'click',
      (event) =>
        ((window as unknown as { clickDelay: number }).clickDelay =
          performance.now() - event.timeStamp),
      { capture: true, once: true },
    );
  });

  const gaveUp: Call[] = [
    ...Array.from({ length: 5 }, (_, i) => ({
      id: `late-${i}`,
      scopes: ['auth_base'],
      ackBy: Date.now() - 1,
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      id: `cancelled-${i}`,
      scopes: ['auth_base'],
      cancel: true,
    })),
  ];
  const flood = calls('flood', 1000, ['auth_base']);
  await post(frame, [...gaveUp, ...flood]);
  const clickedAt = Date.now();
  await toggle.click();
  const clickMs = Date.now() - clickedAt;
  const clickDelay = await page.evaluate(
    () => (window as unknown as { clickDelay: number }).clickDelay,
  );
  test.info().annotations.push({
    type: 'click during 1,000 calls',
    description: `input delay ${clickDelay.toFixed(1)} ms; Playwright click ${clickMs} ms (target: 100 ms)`,
  });
  // A frozen wallet took 14-22 s to answer; the 100 ms figure is measured and reported, not asserted
  // here (a shared CI machine cannot hold a test to it), see the annotation.
  expect(clickDelay).toBeLessThan(1000);

  const answered = await replies(frame, flood.length);
  const ok = Object.entries(answered).filter(([, reply]) => reply.ok);
  const refused = Object.values(answered).filter((reply) => !reply.ok);
  // Everything settled: served (in order, up to the limit) or refused at once with the documented error.
  expect(ok.length + refused.length).toBe(flood.length);
  expect(ok.length).toBeGreaterThan(0);
  expect(ok.length).toBeLessThanOrEqual(BRIDGE_LIMITS.getAuthCode);
  for (const reply of refused)
    expect(reply.error).toMatchObject({
      error: BRIDGE_BUSY_ERROR,
      errorMessage: expect.stringContaining('too many calls'),
    });
  // Callers that gave up got no reply, and no code was issued for them: one code per success.
  expect(Object.keys(answered).filter((id) => !id.startsWith('flood-'))).toEqual([]);
  const issued = await events.list('auth_code.issued');
  expect(issued).toHaveLength(ok.length);

  // The timeline says what happened, once per burst.
  const warnings = await events.waitFor(
    'rule.warning',
    (e) => (e.data as { rule: string }).rule === 'bridge-flood',
  );
  expect((warnings.data as { message: string }).message).toContain('refused with error 1005');
  await events.waitFor(
    'rule.warning',
    (e) => (e.data as { rule: string }).rule === 'caller-gave-up',
  );
});
