/**
 * The client's side of the wire, without the platform: a tiny HTTP server records exactly what the
 * client sends and answers with whatever each test scripts, signed or not.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  formatGatewayTime,
  formatSignatureHeader,
  parseSignatureHeader,
  signedContent,
} from '@mp-sandbox/protocol';
import { createOpenApiClient, type OpenApiClientOptions } from './client.js';
import { generateRsaKeyPair, signContent, verifyContent, type PemKeyPair } from './crypto.js';
import { GatewayResponseError, PlatformApiError } from './errors.js';

const CLIENT_ID = '2024CAPTURECLIENT01';
/** A fixed clock: the Request-Time the client must send is known. */
const NOW = Date.parse('2026-03-01T08:09:10.456Z');
const SUCCESS = { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' };

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Answer {
  body: string;
  /** Sign with this key (default: the platform key); `false` sends no Signature/Response-Time. */
  signWith?: string | false;
  /** Sign this text instead of the body sent (a body changed after signing). */
  signedBody?: string;
}

let merchant: PemKeyPair;
let platform: PemKeyPair;
let stranger: PemKeyPair;
let server: Server;
let baseUrl: string;
let captured: Captured[];
let answer: Answer;

beforeAll(async () => {
  [merchant, platform, stranger] = [
    generateRsaKeyPair(),
    generateRsaKeyPair(),
    generateRsaKeyPair(),
  ];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      captured.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8' };
      if (answer.signWith !== false) {
        const clientId = String(req.headers['client-id'] ?? '');
        const responseTime = formatGatewayTime(NOW);
        const content = signedContent(
          'POST',
          req.url ?? '',
          clientId,
          responseTime,
          answer.signedBody ?? answer.body,
        );
        Object.assign(headers, {
          'Client-Id': clientId,
          'Response-Time': responseTime,
          Signature: formatSignatureHeader(
            signContent(answer.signWith ?? platform.privateKey, content),
            1,
          ),
        });
      }
      res.writeHead(200, headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  captured = [];
  answer = { body: JSON.stringify({ result: SUCCESS }) };
});

function client(options: Partial<OpenApiClientOptions> = {}) {
  return createOpenApiClient({
    gatewayUrl: baseUrl,
    clientId: CLIENT_ID,
    privateKey: merchant.privateKey,
    platformPublicKey: platform.publicKey,
    now: () => NOW,
    ...options,
  });
}

function only(): Captured {
  expect(captured).toHaveLength(1);
  return captured[0]!;
}

describe('request signing', () => {
  it('sends the gateway headers and signs "POST <path>\\n<Client-Id>.<Request-Time>.<raw body>"', async () => {
    const body = {
      appId: '2024APP',
      authClientId: CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE' as const,
      authCode: 'code-1',
    };
    await client().applyToken(body);
    const request = only();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v2/authorizations/applyToken');
    expect(request.body).toBe(JSON.stringify(body));
    expect(request.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(request.headers['client-id']).toBe(CLIENT_ID);
    // Whole seconds with an explicit offset, as the gateway writes times.
    expect(request.headers['request-time']).toBe('2026-03-01T08:09:10+00:00');

    const header = String(request.headers['signature']);
    expect(header).toMatch(/^algorithm=RSA256, keyVersion=1, signature=[A-Za-z0-9%]+$/);
    // URL-encoded base64: no raw + / = on the wire.
    expect(header.slice(header.indexOf('signature=') + 10)).not.toMatch(/[+/=]/);
    const parsed = parseSignatureHeader(header);
    if (typeof parsed === 'string') throw new Error(parsed);
    const expected = `POST /v2/authorizations/applyToken\n${CLIENT_ID}.2026-03-01T08:09:10+00:00.${JSON.stringify(body)}`;
    expect(verifyContent(merchant.publicKey, expected, parsed.signature)).toBe(true);
    expect(verifyContent(stranger.publicKey, expected, parsed.signature)).toBe(false);
  });

  it('signs the real path, gateway prefix and query included, and the keyVersion it is given', async () => {
    await client({ gatewayUrl: `${baseUrl}/api/open`, keyVersion: '2' }).send(
      '/v2/users/inquiryUserInfo?trace=1',
      '{"accessToken":"a"}',
    );
    const request = only();
    expect(request.url).toBe('/api/open/v2/users/inquiryUserInfo?trace=1');
    const parsed = parseSignatureHeader(String(request.headers['signature']));
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.keyVersion).toBe('2');
    const expected = `POST /api/open/v2/users/inquiryUserInfo?trace=1\n${CLIENT_ID}.${request.headers['request-time']}.{"accessToken":"a"}`;
    expect(verifyContent(merchant.publicKey, expected, parsed.signature)).toBe(true);
  });

  it('sends the raw body byte for byte (send), non-ASCII included', async () => {
    const raw = '{ "accessToken" : "tok",  "extendInfo": "{\\"memo\\":\\"café ☕\\"}" }';
    await client().send('/v2/users/inquiryUserInfo', raw);
    const request = only();
    expect(request.body).toBe(raw);
    const parsed = parseSignatureHeader(String(request.headers['signature']));
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(
      verifyContent(
        merchant.publicKey,
        `POST /v2/users/inquiryUserInfo\n${CLIENT_ID}.${request.headers['request-time']}.${raw}`,
        parsed.signature,
      ),
    ).toBe(true);
  });

  it('reads a lazy key source when the call is made', async () => {
    let reads = 0;
    await client({ privateKey: () => (reads++, merchant.privateKey) }).revoke({ accessToken: 'a' });
    expect(reads).toBe(1);
  });
});

describe('response verification', () => {
  it('accepts an answer signed by the platform key over the request path', async () => {
    answer = { body: JSON.stringify({ result: SUCCESS, accessToken: 'at' }) };
    const response = await client().applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: 'rt' });
    expect(response.accessToken).toBe('at');
  });

  it('refuses an answer signed with another key', async () => {
    answer = {
      body: JSON.stringify({ result: SUCCESS, accessToken: 'forged' }),
      signWith: stranger.privateKey,
    };
    await expect(
      client().applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: 'rt' }),
    ).rejects.toThrow(GatewayResponseError);
  });

  it('refuses a body changed after signing', async () => {
    answer = {
      body: JSON.stringify({ result: SUCCESS, accessToken: 'swapped' }),
      signedBody: JSON.stringify({ result: SUCCESS, accessToken: 'original' }),
    };
    const error = await client()
      .applyToken({ grantType: 'REFRESH_TOKEN', refreshToken: 'rt' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayResponseError);
    expect((error as GatewayResponseError).message).toMatch(/does not verify/);
    expect((error as GatewayResponseError).body).toBe(answer.body);
  });

  it('refuses an unsigned answer, even a failure result, when the platform key is set', async () => {
    answer = {
      body: JSON.stringify({
        result: { resultCode: 'PROCESS_FAIL', resultStatus: 'F', resultMessage: 'x' },
      }),
      signWith: false,
    };
    const error = await client()
      .revoke({ accessToken: 'a' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayResponseError);
    expect((error as GatewayResponseError).message).toMatch(/not signed/);
  });

  it('refuses a Signature header it cannot parse', async () => {
    answer = { body: JSON.stringify({ result: SUCCESS }), signWith: false };
    const mangled = createOpenApiClient({
      gatewayUrl: baseUrl,
      clientId: CLIENT_ID,
      privateKey: merchant.privateKey,
      platformPublicKey: platform.publicKey,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const headers = new Headers(response.headers);
        headers.set('Response-Time', formatGatewayTime(NOW));
        headers.set('Signature', 'algorithm=ECC224, keyVersion=1, signature=abc');
        return new Response(await response.text(), { status: response.status, headers });
      },
    });
    await expect(mangled.revoke({ accessToken: 'a' })).rejects.toThrow(/ECC224/);
  });

  it('takes an unsigned answer when no platform key is configured', async () => {
    answer = { body: JSON.stringify({ result: SUCCESS }), signWith: false };
    const trusting = createOpenApiClient({
      gatewayUrl: baseUrl,
      clientId: CLIENT_ID,
      privateKey: merchant.privateKey,
    });
    const response = await trusting.revoke({ accessToken: 'a' });
    expect(response.result.resultStatus).toBe('S');
  });

  it('refuses a signed answer that is not JSON or has no result', async () => {
    answer = { body: '<html>gateway timeout</html>' };
    await expect(client().revoke({ accessToken: 'a' })).rejects.toThrow(/did not answer JSON/);
    answer = { body: '{"accessToken":"x"}' };
    await expect(client().revoke({ accessToken: 'a' })).rejects.toThrow(/no result object/);
  });
});

describe('typed errors', () => {
  it('rebuilds PlatformApiError from result, with the catalogue key for v1 names', async () => {
    answer = {
      body: JSON.stringify({
        result: { resultCode: 'USED_CODE', resultStatus: 'F', resultMessage: 'used' },
      }),
    };
    const error = await client()
      .applyTokenV1({ grantType: 'AUTHORIZATION_CODE', authCode: 'c' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformApiError);
    const failure = error as PlatformApiError;
    expect(failure).toMatchObject({
      resultCode: 'USED_CODE',
      code: 'USED_AUTHCODE',
      resultStatus: 'F',
      resultMessage: 'used',
      retryable: false,
    });
    expect(failure.path).toBe('/v1/authorizations/applyToken');
  });

  it('marks U as retryable and leaves unknown codes without a catalogue key', async () => {
    answer = {
      body: JSON.stringify({
        result: { resultCode: 'SOMETHING_NEW', resultStatus: 'U', resultMessage: '?' },
      }),
    };
    const error = (await client()
      .inquiryUserInfo({ accessToken: 'a' })
      .catch((e: unknown) => e)) as PlatformApiError;
    expect(error).toBeInstanceOf(PlatformApiError);
    expect(error.code).toBeUndefined();
    expect(error.retryable).toBe(true);
  });
});
