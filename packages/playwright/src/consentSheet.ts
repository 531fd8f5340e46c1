import { expect, type Locator, type Page } from '@playwright/test';
import { SCOPES, USER_FIELDS, type ScopeName, type UserField } from '@mp-sandbox/protocol';
import type { ConsentPolicyInput, SandboxClient } from './sandboxClient.js';

const sentence = (text: string) => text.replace(/^./, (c) => c.toUpperCase());

/**
 * The wallet's consent sheet: wait for it, read what it asks, answer it. `policy` sets an answer
 * ahead of time instead, for tests that are not about consent.
 */
export class ConsentSheet {
  readonly dialog: Locator;
  readonly scopes: Locator;

  constructor(private readonly page: Page, private readonly sandbox: SandboxClient) {
    this.dialog = page.getByRole('dialog').filter({ has: page.getByRole('list', { name: 'Requested access' }) });
    this.scopes = this.dialog.getByRole('list', { name: 'Requested access' }).getByRole('listitem');
  }

  /** Waits for the sheet, optionally the one of a given mini program. */
  async waitFor(appName?: string): Promise<Locator> {
    const sheet = appName ? this.page.getByRole('dialog', { name: appName }) : this.dialog;
    await expect(sheet).toBeVisible();
    return sheet;
  }

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

  /** Asserts the sheet asks for exactly these scopes, in this order. */
  async expectScopes(scopes: ScopeName[]): Promise<void> {
    await expect(this.scopes).toHaveText(scopes.map((s) => new RegExp(`^${escape(sentence(SCOPES[s].title))}`)));
  }

  /** Asserts the sheet lists these fields (by their key or their label) somewhere. */
  async expectFields(fields: Array<UserField | string>): Promise<void> {
    for (const field of fields) {
      await expect(this.dialog).toContainText(field in USER_FIELDS ? USER_FIELDS[field as UserField] : field);
    }
  }

  /** Answers the sheet ahead of time (approve, deny, cancel; ask shows it again). */
  policy(input: ConsentPolicyInput) {
    return this.sandbox.consentPolicy(input);
  }

  async #answer(button: 'Allow' | 'Deny' | 'Close'): Promise<void> {
    await this.waitFor();
    await this.dialog.getByRole('button', { name: button, exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
