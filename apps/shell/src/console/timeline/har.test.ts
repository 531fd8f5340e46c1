import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { SandboxEvent } from '@mp-sandbox/protocol';
import { buildHar } from './har';

/**
 * The HAR 1.2 spec's required fields and types (http://www.softwareishard.com/blog/har-12-spec/),
 * as a JSON schema: what a HAR reader may rely on.
 */
const nameValue = {
  type: 'object',
  required: ['name', 'value'],
  properties: { name: { type: 'string' }, value: { type: 'string' } },
};
const HAR_12 = {
  type: 'object',
  required: ['log'],
  properties: {
    log: {
      type: 'object',
      required: ['version', 'creator', 'entries'],
      properties: {
        version: { type: 'string' },
        creator: {
          type: 'object',
          required: ['name', 'version'],
          properties: { name: { type: 'string' }, version: { type: 'string' } },
        },
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['startedDateTime', 'time', 'request', 'response', 'cache', 'timings'],
            properties: {
              startedDateTime: {
                type: 'string',
                pattern:
                  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$',
              },
              time: { type: 'number', minimum: 0 },
              request: {
                type: 'object',
                required: [
                  'method',
                  'url',
                  'httpVersion',
                  'cookies',
                  'headers',
                  'queryString',
                  'headersSize',
                  'bodySize',
                ],
                properties: {
                  method: { type: 'string' },
                  url: { type: 'string', pattern: '^https?://' },
                  httpVersion: { type: 'string' },
                  cookies: { type: 'array' },
                  headers: { type: 'array', items: nameValue },
                  queryString: { type: 'array', items: nameValue },
                  postData: {
                    type: 'object',
                    required: ['mimeType'],
                    properties: { mimeType: { type: 'string' }, text: { type: 'string' } },
                  },
                  headersSize: { type: 'integer' },
                  bodySize: { type: 'integer' },
                },
              },
              response: {
                type: 'object',
                required: [
                  'status',
                  'statusText',
                  'httpVersion',
                  'cookies',
                  'headers',
                  'content',
                  'redirectURL',
                  'headersSize',
                  'bodySize',
                ],
                properties: {
                  status: { type: 'integer' },
                  statusText: { type: 'string' },
                  httpVersion: { type: 'string' },
                  cookies: { type: 'array' },
                  headers: { type: 'array', items: nameValue },
                  content: {
                    type: 'object',
                    required: ['size', 'mimeType'],
                    properties: {
                      size: { type: 'integer' },
                      mimeType: { type: 'string' },
                      text: { type: 'string' },
                    },
                  },
                  redirectURL: { type: 'string' },
                  headersSize: { type: 'integer' },
                  bodySize: { type: 'integer' },
                },
              },
              cache: { type: 'object' },
              timings: {
                type: 'object',
                required: ['send', 'wait', 'receive'],
                properties: {
                  send: { type: 'number' },
                  wait: { type: 'number' },
                  receive: { type: 'number' },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

const call: SandboxEvent = {
  seq: 7,
  type: 'openapi.call',
  at: '2026-12-02T03:00:33+00:00',
  appId: 'app',
  userId: 'ana',
  correlationId: 'c1',
  data: {
    api: 'applyToken',
    version: 'v2',
    path: '/v2/authorizations/applyToken',
    resultCode: 'SUCCESS',
    resultStatus: 'S',
    request: {
      method: 'POST',
      path: '/v2/authorizations/applyToken',
      headers: {
        'client-id': '2024SANDBOXMERCHANT01',
        'request-time': '2026-12-02T03:00:33+00:00',
        signature: 'algorithm=RSA256, keyVersion=1, signature=abc',
        'content-type': 'application/json; charset=UTF-8',
      },
      body: { grantType: 'AUTHORIZATION_CODE', authCode: 'code' },
    },
    response: {
      status: 200,
      headers: {
        'client-id': '2024SANDBOXMERCHANT01',
        'response-time': '2026-12-02T03:00:33+00:00',
        signature: 'algorithm=RSA256, keyVersion=1, signature=def',
      },
      body: { result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' } },
    },
  },
};
const other: SandboxEvent = {
  seq: 6,
  type: 'consent.allowed',
  at: '2026-12-02T03:00:32+00:00',
  data: { scopes: ['auth_user'] },
};

describe('the HAR export', () => {
  it('is a valid HAR 1.2 log of the gateway calls only, signed headers and bodies as sent', () => {
    const har = buildHar([other, call], 'http://127.0.0.1:7701/');
    const validate = new Ajv({ allErrors: true, strict: false }).compile(HAR_12);
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(1);
    const [entry] = har.log.entries;
    expect(entry!.request.url).toBe('http://127.0.0.1:7701/v2/authorizations/applyToken');
    expect(entry!.request.headers).toContainEqual({
      name: 'signature',
      value: 'algorithm=RSA256, keyVersion=1, signature=abc',
    });
    expect(entry!.request.postData?.text).toBe(
      '{"grantType":"AUTHORIZATION_CODE","authCode":"code"}',
    );
    expect(entry!.startedDateTime).toBe('2026-12-02T03:00:33.000Z');
    expect(JSON.parse(entry!.response.content.text)).toMatchObject({
      result: { resultCode: 'SUCCESS' },
    });
  });

  it('is still valid with no gateway call at all', () => {
    const validate = new Ajv({ strict: false }).compile(HAR_12);
    expect(validate(buildHar([other], 'http://127.0.0.1:7701'))).toBe(true);
  });
});
