import {
  consentConflict,
  scopesNeedingConsent,
  type MiniProgramApp,
  type Rules,
  type ScopeName,
} from '../deps.js';
import { ControlApiError } from './errors.js';
import type { EventLog } from './events.js';

/**
 * The basic-info-plus-phone rule for one request, in the mode the app's rules give it: `refuse`
 * answers CONSENT_CONFLICT naming the scopes on each side, `warn` lets the request through and puts
 * a rule.warning on the timeline (when `report`), `off` lets it through. Returns the scopes that
 * need the user's consent.
 */
export async function checkConsentRules(
  deps: { rulesOf: (appId: string) => Promise<Rules>; events: EventLog },
  app: MiniProgramApp,
  scopes: ScopeName[],
  report: { userId: string } | undefined,
): Promise<ScopeName[]> {
  const consent = scopesNeedingConsent(scopes, app);
  const conflict = consentConflict(consent);
  if (!conflict) return consent;
  const mode = (await deps.rulesOf(app.appId)).basicAndPhone;
  if (mode === 'refuse') {
    throw new ControlApiError(
      'CONSENT_CONFLICT',
      `${conflict} (rule basicAndPhone is refuse; set it to warn or off for app ${app.appId} to let it through)`,
    );
  }
  if (mode === 'warn' && report) {
    await deps.events.emit('rule.warning', {
      appId: app.appId,
      userId: report.userId,
      data: {
        rule: 'basic-and-phone',
        message: `${conflict} (let through: rule basicAndPhone is warn)`,
      },
    });
  }
  return consent;
}
