import {
  DEFAULT_RULES,
  jsapiError,
  type MiniProgramApp,
  type RuleMode,
} from '@mp-sandbox/protocol';
import { platformApi } from '../api/platform';
import { FIRST_SCREEN_MESSAGE, FIRST_SCREEN_REFUSAL } from '../console/firstScreen';

/**
 * What the wallet does with a `my.getAuthCode` asked at the mini program's first screen
 * (console/firstScreen.ts tells one), by the app's `firstScreen` rule (packages/protocol/src/rules.ts):
 *  - `refuse`: the call fails with error 4 (No permission), no sheet shows, the phone says why and
 *    the timeline gets a rule.warning;
 *  - `warn` (the default): it goes through, and the timeline gets a rule.warning;
 *  - `off`: it goes through, and nothing is said.
 * The seeds say only that the platform does not allow the authorization API on the first screen
 * (their FAQ), not what a wallet answers then: error 4 is the closest of the container's common
 * codes (the API is not permitted here), and the message says which rule refused.
 */

/** The rule's mode for the app now (the sandbox's, the config's, the app's own); the default when unreadable. */
export async function firstScreenMode(app: MiniProgramApp): Promise<RuleMode> {
  try {
    return (await platformApi.rules(app.appId)).rules.firstScreen;
  } catch (error) {
    console.warn(
      `[sandbox bridge] could not read ${app.name}'s firstScreen rule (${(error as Error).message}): applying the default, ${DEFAULT_RULES.firstScreen}`,
    );
    return DEFAULT_RULES.firstScreen;
  }
}

/** The timeline's words for a first-screen ask the rule let through (`warn`) or refused. */
export function firstScreenWarning(mode: Exclude<RuleMode, 'off'>): string {
  return mode === 'refuse'
    ? `${FIRST_SCREEN_MESSAGE} (refused with error 4: rule firstScreen is refuse)`
    : `${FIRST_SCREEN_MESSAGE} (let through: rule firstScreen is warn)`;
}

/**
 * Applies the rule to a getAuthCode the bridge saw asked at the first screen (`mode`, undefined
 * when it was not): under `refuse` it tells the person holding the wallet, then throws the
 * mini program's error; otherwise the call goes on.
 */
export async function enforceFirstScreen(
  mode: Promise<RuleMode> | undefined,
  notify: (message: string) => void,
): Promise<void> {
  if (!mode || (await mode) !== 'refuse') return;
  notify(`Refused: ${FIRST_SCREEN_REFUSAL}. Ask inside a business step, after the user acted.`);
  throw jsapiError('NO_PERMISSION', FIRST_SCREEN_REFUSAL);
}
