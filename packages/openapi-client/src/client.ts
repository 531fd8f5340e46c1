import {
  formatGatewayTime,
  formatSignatureHeader,
  OPENAPI_PATHS,
  parseSignatureHeader,
  signedContent,
  type ApplyTokenResponse,
  type ApplyTokenV1Request,
  type ApplyTokenV2Request,
  type CancelTokenV1Request,
  type InquiryUserInfoResponse,
  type InquiryUserInfoV1Request,
  type InquiryUserInfoV2Request,
  type OpenApiResponse,
  type RevokeResponse,
  type RevokeV2Request,
} from '@mp-sandbox/protocol';
import { signContent, verifyContent, type PemOrKey } from './crypto.js';
import { GatewayResponseError, isWireResult, PlatformApiError } from './errors.js';

/** A key given directly, or read when first needed (so a key file may appear after start-up). */
export type KeySource = PemOrKey | (() => PemOrKey | Promise<PemOrKey>);

export interface OpenApiClientOptions {
  /** Gateway base URL, with any prefix: `http://127.0.0.1:7701` or `https://host/api/open`. */
  gatewayUrl: string;
  clientId: string;
  privateKey: KeySource;
  keyVersion?: number | string;
  /** When given, every response's signature is verified and an unsigned answer is refused. */
  platformPublicKey?: KeySource;
  fetch?: typeof fetch;
  /** Clock for `Request-Time`, epoch ms. */
  now?: () => number;
}

export interface CallResult<T> {
  body: T;
  /** The raw response text, exactly as signed. */
  raw: string;
  headers: Headers;
}

async function resolveKey(source: KeySource): Promise<PemOrKey> {
  return typeof source === 'function' ? source() : source;
}

/**
 * A signed OpenAPI client. Calls resolve with the body when `resultStatus` is S and throw
 * `PlatformApiError` otherwise, so callers handle failures by result code.
 */
export class OpenApiClient {
  readonly #options: OpenApiClientOptions;
  readonly #base: URL;

  constructor(options: OpenApiClientOptions) {
    this.#options = options;
    this.#base = new URL(
      options.gatewayUrl.endsWith('/') ? options.gatewayUrl : `${options.gatewayUrl}/`,
    );
  }

  applyToken(body: ApplyTokenV2Request): Promise<ApplyTokenResponse> {
    return this.call<ApplyTokenResponse>(OPENAPI_PATHS.applyTokenV2, body);
  }

  applyTokenV1(body: ApplyTokenV1Request): Promise<ApplyTokenResponse> {
    return this.call<ApplyTokenResponse>(OPENAPI_PATHS.applyTokenV1, body);
  }

  inquiryUserInfo(body: InquiryUserInfoV2Request): Promise<InquiryUserInfoResponse> {
    return this.call<InquiryUserInfoResponse>(OPENAPI_PATHS.inquiryUserInfoV2, body);
  }

  inquiryUserInfoV1(body: InquiryUserInfoV1Request): Promise<InquiryUserInfoResponse> {
    return this.call<InquiryUserInfoResponse>(OPENAPI_PATHS.inquiryUserInfoV1, body);
  }

  revoke(body: RevokeV2Request): Promise<RevokeResponse> {
    return this.call<RevokeResponse>(OPENAPI_PATHS.revokeV2, body);
  }

  cancelTokenV1(body: CancelTokenV1Request): Promise<RevokeResponse> {
    return this.call<RevokeResponse>(OPENAPI_PATHS.cancelTokenV1, body);
  }

  /** Calls any gateway path and throws on F/U. */
  async call<T extends OpenApiResponse>(path: string, body: unknown): Promise<T> {
    const { body: parsed } = await this.send<T>(path, JSON.stringify(body));
    if (parsed.result.resultStatus !== 'S') throw new PlatformApiError(path, parsed.result, parsed);
    return parsed;
  }

  /**
   * Signs and posts a raw body, verifies the response signature, and returns the parsed body
   * whatever its result status. Use it to send exactly the bytes you want (tests, odd payloads).
   */
  async send<T extends OpenApiResponse>(path: string, rawBody: string): Promise<CallResult<T>> {
    const url = new URL(path.replace(/^\//, ''), this.#base);
    const signedPath = url.pathname + url.search;
    const requestTime = formatGatewayTime((this.#options.now ?? Date.now)());
    const content = signedContent('POST', signedPath, this.#options.clientId, requestTime, rawBody);
    const signature = signContent(await resolveKey(this.#options.privateKey), content);
    const response = await (this.#options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=UTF-8',
        'Client-Id': this.#options.clientId,
        'Request-Time': requestTime,
        Signature: formatSignatureHeader(signature, this.#options.keyVersion ?? 1),
      },
      body: rawBody,
    });
    const raw = await response.text();
    await this.#verifyResponse(signedPath, response, raw);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new GatewayResponseError(
        `${path}: the gateway did not answer JSON (HTTP ${response.status})`,
        response.status,
        raw,
      );
    }
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      !isWireResult((parsed as OpenApiResponse).result)
    ) {
      throw new GatewayResponseError(
        `${path}: the answer has no result object (HTTP ${response.status})`,
        response.status,
        raw,
      );
    }
    return { body: parsed as T, raw, headers: response.headers };
  }

  async #verifyResponse(signedPath: string, response: Response, raw: string): Promise<void> {
    if (!this.#options.platformPublicKey) return;
    const header = response.headers.get('signature');
    const responseTime = response.headers.get('response-time');
    const clientId = response.headers.get('client-id') ?? this.#options.clientId;
    if (!header || !responseTime) {
      throw new GatewayResponseError(
        `${signedPath}: the response is not signed (no Signature or Response-Time header)`,
        response.status,
        raw,
      );
    }
    const parsed = parseSignatureHeader(header);
    if (typeof parsed === 'string')
      throw new GatewayResponseError(`${signedPath}: ${parsed}`, response.status, raw);
    const content = signedContent('POST', signedPath, clientId, responseTime, raw);
    if (
      !verifyContent(await resolveKey(this.#options.platformPublicKey), content, parsed.signature)
    ) {
      throw new GatewayResponseError(
        `${signedPath}: the response signature does not verify with the platform public key`,
        response.status,
        raw,
      );
    }
  }
}

export function createOpenApiClient(options: OpenApiClientOptions): OpenApiClient {
  return new OpenApiClient(options);
}
