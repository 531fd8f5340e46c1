import type { OpenApiCallEventData } from '@mp-sandbox/protocol';

/** A word quoted for a POSIX shell: inside single quotes, only a single quote needs care. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The stored signed request as a curl command. It is the call as it was signed, so it replays
 * while its Request-Time is within the gateway's tolerance (5 minutes) and what it names is still
 * valid (an authCode works once; an accessToken until it expires or is revoked).
 */
export function curlFor(data: OpenApiCallEventData, gatewayUrl: string): string {
  const url = `${gatewayUrl.replace(/\/+$/, '')}${data.request.path}`;
  const lines = [`curl -sS -X ${data.request.method} ${shellQuote(url)}`];
  for (const [name, value] of Object.entries(data.request.headers)) {
    if (typeof value === 'string') lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  const body =
    typeof data.request.body === 'string'
      ? data.request.body
      : JSON.stringify(data.request.body ?? null);
  lines.push(`--data-raw ${shellQuote(body)}`);
  return lines.join(' \\\n  ');
}
