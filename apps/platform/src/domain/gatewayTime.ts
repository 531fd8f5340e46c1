import { formatGatewayTime } from '../deps.js';

let formatted = { second: Number.NaN, text: '' };

/**
 * `formatGatewayTime`, for times that are "now": every answer's Response-Time and every event's
 * `at`. Those made within one second share the text, so it is formatted once a second, not
 * three times per gateway call.
 */
export function gatewayTimeNow(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== formatted.second) formatted = { second, text: formatGatewayTime(epochMs) };
  return formatted.text;
}
