import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import type { SandboxClient } from './sandboxClient.js';
import { DEFAULT_TIMEOUTS, type SandboxTimeouts } from './timeouts.js';

/** The frame every mini program runs in; the container names it so locators stay unambiguous. */
export const MINI_PROGRAM_FRAME = 'iframe[name="mini-program"]';

/**
 * The wallet (the super-app shell) as a person uses it: open it as a persona, open a mini program
 * by name, switch user, see and revoke authorizations. Personas are named by their base ids.
 */
export class WalletPage {
  readonly miniProgram: FrameLocator;
  readonly closeButton: Locator;
  readonly switchUserButton: Locator;

  constructor(
    readonly page: Page,
    private readonly sandbox: SandboxClient,
    private readonly shellUrl: string,
    private readonly timeouts: SandboxTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.miniProgram = page.frameLocator(MINI_PROGRAM_FRAME);
    this.closeButton = page.getByRole('button', { name: 'Close mini program' });
    this.switchUserButton = page.getByRole('button', { name: 'Switch user' });
  }

  /**
   * Opens the wallet home screen as `persona` (default `ana`), in English (`?lang=en`): the page
   * objects find buttons by their English names, whatever the persona's or the browser's language.
   */
  async goto(persona = 'ana'): Promise<void> {
    await this.page.goto(
      `${this.shellUrl}/?persona=${encodeURIComponent(this.sandbox.personaId(persona))}&lang=en`,
    );
    await expect(this.page.getByRole('heading', { name: 'Mini programs' })).toBeVisible({
      timeout: this.timeouts.ui,
    });
  }

  /** Opens a mini program from the home screen (opening the wallet first if needed). */
  async open(appName: string, options: { persona?: string } = {}): Promise<FrameLocator> {
    if (options.persona !== undefined || !this.page.url().startsWith(this.shellUrl))
      await this.goto(options.persona);
    await this.page
      .getByRole('button', { name: appName, exact: true })
      .click({ timeout: this.timeouts.ui });
    await expect(this.page.locator(MINI_PROGRAM_FRAME)).toBeVisible({ timeout: this.timeouts.ui });
    return this.miniProgram;
  }

  async close(): Promise<void> {
    await this.closeButton.click();
  }

  /** Signs the wallet in as another persona through the Switch user sheet. */
  async switchPersona(persona: string): Promise<void> {
    const target = (await this.sandbox.personas()).find(
      (p) => p.id === this.sandbox.personaId(persona),
    );
    if (!target) throw new Error(`no persona ${persona} in namespace ${this.sandbox.namespace}`);
    await this.switchUserButton.click();
    const sheet = this.page.getByRole('dialog', { name: 'Switch user' });
    await sheet
      .getByRole('button', { name: new RegExp(`${target.firstName}.*${target.lastName}`) })
      .click();
    await expect(sheet).toBeHidden();
  }

  /** The "Authorized mini programs" page; `revoke(appName)` takes an app's authorization back. */
  async authorizations() {
    await this.page.getByRole('button', { name: 'Authorized mini programs' }).click();
    const page = this.page;
    return {
      entry: (appName: string) => page.getByRole('listitem', { name: appName }),
      revoke: async (appName: string) => {
        await page
          .getByRole('listitem', { name: appName })
          .getByRole('button', { name: `Revoke ${appName}` })
          .click();
        // The wallet asks once more before it revokes.
        await page
          .getByRole('group', { name: `Confirm revoking ${appName}` })
          .getByRole('button', { name: 'Revoke now' })
          .click();
        await expect(page.getByRole('listitem', { name: appName })).toHaveCount(0);
      },
      back: () => page.getByRole('button', { name: 'Back' }).click(),
    };
  }
}
