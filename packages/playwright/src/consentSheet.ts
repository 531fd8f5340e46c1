import { expect, type Locator, type Page } from '@playwright/test';
import {
  SCOPES,
  USER_FIELDS,
  type SandboxEvent,
  type ScopeName,
  type UserField,
} from '@mp-sandbox/protocol';
import type { ConsentPolicyInput, SandboxClient } from './sandboxClient.js';
import { DEFAULT_TIMEOUTS, type SandboxTimeouts } from './timeouts.js';

const sentence = (text: string) => text.replace(/^./, (c) => c.toUpperCase());

/** Set on a sheet once the kit has answered it: the sheet may still be closing, or be replaced. */
const ANSWERED = 'data-mp-kit-answered';

type Answer = 'Allow' | 'Deny' | 'Close';

/**
 * The wallet's consent sheet: wait for it, read what it asks, answer it. `policy` sets an answer
 * ahead of time instead, for tests that are not about consent.
 *
 * Every method acts on the sheet that is waiting for an answer: a sheet the kit has answered is
 * left out, even while it is still closing. So a chained login (basic info, then the phone number,
 * which the platform's rules put in two sheets) reads naturally:
 *
 *   await consent.expectScopes(['USER_NAME']); await consent.allow();
 *   await consent.expectScopes(['PLAINTEXT_MOBILE_PHONE']); await consent.allow();
 *
 * `allow()`, `deny()` and `cancel()` finish when the platform has recorded that decision (its
 * `consent.allowed` / `consent.denied` event), not when a sheet disappears.
 */
export class ConsentSheet {
  /** The sheet waiting for an answer. */
  readonly dialog: Locator;
  readonly scopes: Locator;
  /** What the last answer recorded, once it has. */
  lastDecision: SandboxEvent | undefined;

  constructor(
    private readonly page: Page,
    private readonly sandbox: SandboxClient,
    private readonly timeouts: SandboxTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.dialog = page
      .getByRole('dialog')
      .filter({ has: page.getByRole('list', { name: 'Requested access' }) })
      .and(page.locator(`:not([${ANSWERED}])`));
    this.scopes = this.dialog.getByRole('list', { name: 'Requested access' }).getByRole('listitem');
  }

  /** Waits for the sheet waiting for an answer, optionally the one of a given mini program. */
  async waitFor(appName?: string): Promise<Locator> {
    const sheet = appName
      ? this.dialog.and(this.page.getByRole('dialog', { name: appName }))
      : this.dialog;
    await expect(sheet, 'a consent sheet waiting for an answer').toBeVisible({
      timeout: this.timeouts.ui,
    });
    return sheet;
  }

  /** Waits for the next sheet of a chained login, after the one just answered. */
  async next(appName?: string): Promise<Locator> {
    return this.waitFor(appName);
  }

  /** Allows, and waits until the platform has recorded it (the event is then `lastDecision`). */
  async allow(): Promise<void> {
    await this.#answer('Allow');
  }

  async deny(): Promise<void> {
    await this.#answer('Deny');
  }

  /** Closes the sheet without choosing: the mini program gets a user-cancel error. */
  async cancel(): Promise<void> {
    await this.#answer('Close');
  }

  /** Asserts the sheet waiting for an answer asks for exactly these scopes, in this order (waits for it). */
  async expectScopes(scopes: ScopeName[]): Promise<void> {
    await expect(this.scopes).toHaveText(
      scopes.map((s) => new RegExp(`^${escape(sentence(SCOPES[s].title))}`)),
      { timeout: this.timeouts.ui },
    );
  }

  /** Asserts the sheet lists these fields (by their key or their label) somewhere. */
  async expectFields(fields: Array<UserField | string>): Promise<void> {
    for (const field of fields) {
      await expect(this.dialog).toContainText(
        field in USER_FIELDS ? USER_FIELDS[field as UserField] : field,
        { timeout: this.timeouts.ui },
      );
    }
  }

  /** Answers the sheet ahead of time (approve, deny, cancel; ask shows it again). */
  policy(input: ConsentPolicyInput) {
    return this.sandbox.consentPolicy(input);
  }

  async #answer(button: Answer): Promise<SandboxEvent> {
    const sheet = await this.waitFor();
    // Only decisions made after this point can be this sheet's.
    const since = await this.sandbox.lastSeq();
    const handle = await sheet.elementHandle({ timeout: this.timeouts.ui });
    await sheet
      .getByRole('button', { name: button, exact: true })
      .click({ timeout: this.timeouts.ui });
    // From now on this sheet is not "the" sheet, even if it is still on screen for a moment.
    await handle
      ?.evaluate((element, name) => element.setAttribute(name, ''), ANSWERED)
      .catch(() => {});
    const type = button === 'Allow' ? 'consent.allowed' : 'consent.denied';
    const decision = await this.sandbox.waitForEvent(type, {
      since,
      timeoutMs: this.timeouts.event,
      match: (event) => {
        const data = event.data as { cancelled?: boolean; decidedBy?: string };
        // A consent policy's answer is not this sheet's; a deny and a close are told apart.
        if (data.decidedBy === 'policy') return false;
        return button === 'Allow' || Boolean(data.cancelled) === (button === 'Close');
      },
    });
    this.lastDecision = decision;
    return decision;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
