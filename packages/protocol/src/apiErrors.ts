/**
 * The error catalogues of the sandbox's own APIs, beside the gateway's `RESULT_CODES`: every
 * `error` code the control API (`/sandbox/v1`) and the wallet API (`/wallet/v1`) answer, each with
 * its one HTTP status and what the caller should do about it. The answer's `message` says what was
 * wrong in this request; `fix` is what to do about the code in general.
 */
export interface ApiErrorDefinition {
  readonly status: number;
  readonly fix: string;
}

/** Codes both APIs answer: bad bodies, unknown things, and the server's own trouble. */
const COMMON_API_ERRORS = {
  INVALID_BODY: {
    status: 400,
    fix: 'Send a JSON object with the fields the message names (Content-Type: application/json).',
  },
  INVALID_REQUEST: {
    status: 400,
    fix: 'Send well-formed JSON with Content-Type: application/json.',
  },
  BODY_TOO_LARGE: { status: 413, fix: 'Send a body of at most 256 kB.' },
  NOT_FOUND: { status: 404, fix: "Check the method and path against the README's API tables." },
  UNKNOWN_APP: {
    status: 404,
    fix: 'Use an appId of GET /sandbox/v1/apps, or register the app first.',
  },
  UNKNOWN_PERSONA: {
    status: 404,
    fix: 'Use a persona id of GET /sandbox/v1/personas, or create the persona first.',
  },
  INVALID_SCOPES: { status: 400, fix: 'Send scopes as a non-empty array of scope names.' },
  UNKNOWN_SCOPE: {
    status: 400,
    fix: "Use scope names of the platform's catalogue (the message lists them).",
  },
  RESERVED_SCOPE: {
    status: 400,
    fix: 'Leave out scopes the platform reserves; they grant nothing yet.',
  },
  SCOPE_NOT_ALLOWED: {
    status: 403,
    fix: 'Register the scope for the app (its scopes in the config file), or ask for fewer.',
  },
  CONSENT_CONFLICT: {
    status: 400,
    fix: 'Ask for basic info and the phone number in separate requests, or set the rule basicAndPhone to warn or off.',
  },
  INTERNAL: {
    status: 500,
    fix: 'Retry; if it persists, the platform log has the cause: report it.',
  },
  STORAGE_FAILED: {
    status: 503,
    fix: 'Retry once the store is writable again (disk space, the database).',
  },
} as const satisfies Record<string, ApiErrorDefinition>;

/** The control API (`/sandbox/v1`): tests, the console and the Playwright kit call it. */
export const CONTROL_API_ERRORS = {
  ...COMMON_API_ERRORS,
  INVALID_QUERY: { status: 400, fix: 'Use query parameter values the message lists.' },
  INVALID_DURATION: {
    status: 400,
    fix: 'Give a duration such as "90s", "2h", "31d", "1h30m", or milliseconds.',
  },
  INVALID_TIME: {
    status: 400,
    fix: 'Give an ISO 8601 time with an offset, e.g. 2030-01-01T00:00:00+00:00.',
  },
  INVALID_EVENT: {
    status: 400,
    fix: 'Report bridge.call or rule.warning events with the fields the message names.',
  },
  UNKNOWN_EVENT_TYPE: { status: 400, fix: 'Filter by one of the event types the message lists.' },
  INVALID_FAULT: {
    status: 400,
    fix: 'Arm a fault with an api, a failure resultCode and/or a latencyMs, and a count of 1 or more.',
  },
  INVALID_POLICY: {
    status: 400,
    fix: 'Give a decision (ask, approve, deny, cancel) and optionally appId, userId, scope, namespace.',
  },
  INVALID_NAMESPACE: {
    status: 400,
    fix: 'Name a namespace with 1 to 16 lower-case letters or digits.',
  },
  UNKNOWN_NAMESPACE: {
    status: 404,
    fix: 'Use a namespace of GET /sandbox/v1/namespaces, or create it first.',
  },
  APP_NOT_FOUND: { status: 404, fix: 'Use an appId of GET /sandbox/v1/apps.' },
  APP_EXISTS: { status: 409, fix: 'PATCH the existing app instead, or pick another appId.' },
  PERSONA_EXISTS: { status: 409, fix: 'PATCH the existing persona instead, or pick another id.' },
  CLIENT_EXISTS: {
    status: 409,
    fix: 'PATCH the existing client instead, or pick another clientId.',
  },
  UNKNOWN_CLIENT: {
    status: 404,
    fix: 'Use a clientId of GET /sandbox/v1/clients, or register the client first.',
  },
  UNKNOWN_AUTH_CLIENT: {
    status: 400,
    fix: 'Register the merchant client (POST /sandbox/v1/clients) before an app that names it as authClientId.',
  },
} as const satisfies Record<string, ApiErrorDefinition>;

/** The wallet API (`/wallet/v1`): only the wallet shell calls it, through its proxy. */
export const WALLET_API_ERRORS = {
  ...COMMON_API_ERRORS,
  NO_WALLET_SESSION: {
    status: 401,
    fix: 'Open a session with POST /wallet/v1/session { userId } and send it with every wallet call.',
  },
  NOT_THE_HOLDER: {
    status: 403,
    fix: 'Act as the persona holding the wallet, or switch user first (POST /wallet/v1/session).',
  },
  UNKNOWN_CONSENT_REQUEST: {
    status: 409,
    fix: 'Prepare the consent request again (POST /wallet/v1/prepare) and decide it once.',
  },
  UNKNOWN_AUTHCODE: { status: 404, fix: 'Withdraw only an unused code the holder was issued.' },
  UNKNOWN_GRANT: {
    status: 404,
    fix: 'Revoke only an app the holder has granted something (GET /wallet/v1/grants).',
  },
} as const satisfies Record<string, ApiErrorDefinition>;

export type ControlApiErrorCode = keyof typeof CONTROL_API_ERRORS;
export type WalletApiErrorCode = keyof typeof WALLET_API_ERRORS;
/** A code of either catalogue: what a platform operation may fail with. */
export type ApiErrorCode = ControlApiErrorCode | WalletApiErrorCode;

/**
 * The definition of `code` in the catalogue of the API that answers (`wallet` or `control`). A code
 * only the other API knows still gets its own definition: the status of a code never depends on
 * which API reached it.
 */
export function apiErrorInfo(api: 'control' | 'wallet', code: ApiErrorCode): ApiErrorDefinition {
  const own: Record<string, ApiErrorDefinition> =
    api === 'wallet' ? WALLET_API_ERRORS : CONTROL_API_ERRORS;
  const other: Record<string, ApiErrorDefinition> =
    api === 'wallet' ? CONTROL_API_ERRORS : WALLET_API_ERRORS;
  return own[code] ?? other[code]!;
}
