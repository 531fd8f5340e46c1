/**
 * The gateway's signing scheme, as pure string functions (the crypto lives with the callers):
 *
 *   content   = "<METHOD> <path-with-query>\n<Client-Id>.<Request-Time|Response-Time>.<raw body>"
 *   signature = urlencode(base64(SHA256withRSA(privateKey, content)))
 *   header    = "algorithm=RSA256, keyVersion=1, signature=<signature>"
 */
export const SIGNATURE_HEADERS = {
  clientId: 'client-id',
  requestTime: 'request-time',
  responseTime: 'response-time',
  signature: 'signature',
} as const;

export const SIGNATURE_ALGORITHM = 'RSA256';

export function signedContent(
  method: string,
  path: string,
  clientId: string,
  time: string,
  body: string,
): string {
  return `${method.toUpperCase()} ${path}\n${clientId}.${time}.${body}`;
}

export interface SignatureHeader {
  algorithm: string;
  keyVersion: string;
  /** Base64, already URL-decoded. */
  signature: string;
}

export function formatSignatureHeader(
  base64Signature: string,
  keyVersion: number | string = 1,
): string {
  return `algorithm=${SIGNATURE_ALGORITHM}, keyVersion=${keyVersion}, signature=${encodeURIComponent(base64Signature)}`;
}

/**
 * Parses `algorithm=RSA256, keyVersion=1, signature=...` with or without spaces after the commas
 * (docs show spaces, the official SDK sends none). Returns a reason string when it cannot.
 */
export function parseSignatureHeader(value: string): SignatureHeader | string {
  const pairs = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    pairs.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const algorithm = pairs.get('algorithm') ?? SIGNATURE_ALGORITHM;
  const keyVersion = pairs.get('keyversion') ?? '1';
  const encoded = pairs.get('signature');
  if (!encoded) return 'the Signature header has no "signature=" part';
  if (algorithm.toUpperCase() !== SIGNATURE_ALGORITHM) {
    return `algorithm "${algorithm}" is not supported; use ${SIGNATURE_ALGORITHM}`;
  }
  let signature: string;
  try {
    signature = decodeURIComponent(encoded);
  } catch {
    return 'the signature is not valid URL-encoding';
  }
  return { algorithm: algorithm.toUpperCase(), keyVersion, signature };
}

/** ISO 8601 with an explicit offset and whole seconds, as the gateway writes times. */
export function formatGatewayTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

/**
 * Reads a Request-Time: ISO 8601 with an offset or `Z`, epoch milliseconds, or epoch nanoseconds
 * (Alipay's global Go SDK sends `time.Now().UnixNano()`), as epoch milliseconds.
 */
export function parseGatewayTime(value: string): number | undefined {
  if (/^\d{12,14}$/.test(value)) return Number(value);
  if (/^\d{18,20}$/.test(value)) return Number(BigInt(value) / 1_000_000n);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/.test(value))
    return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
