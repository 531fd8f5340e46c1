import { consentConflict, scopesNeedingConsent, type MiniProgramApp, type ScopeName } from '../deps.js';
import type { Platform } from '../platform.js';
import { ControlApiError } from './errors.js';

/**
 * The basic-info-plus-phone rule for one request, in the mode the app's rules give it: `refuse`
 * answers CONSENT_CONFLICT naming the scopes on each side, `warn` lets the request through and puts
 * a rule.warning on the timeline (when `report`), `off` lets it through. Returns the scopes that
 * need the user's consent.
 */
export function checkConsentRules(
  platform: Platform,
  app: MiniProgramApp,
  scopes: ScopeName[],
  report: { userId: string } | undefined,
): ScopeName[] {
  const consent = scopesNeedingConsent(scopes, app);
  const conflict = consentConflict(consent);
  if (!conflict) return consent;
  const mode = platform.rulesOf(app.appId).basicAndPhone;
  if (mode === 'refuse') {
    throw new ControlApiError(400, 'CONSENT_CONFLICT', `${conflict} (rule basicAndPhone is refuse; set it to warn or off for app ${app.appId} to let it through)`);
  }
  if (mode === 'warn' && report) {
    platform.events.emit('rule.warning', {
      appId: app.appId,
      userId: report.userId,
      data: { rule: 'basic-and-phone', message: `${conflict} (let through: rule basicAndPhone is warn)` },
    });
  }
  return consent;
}
