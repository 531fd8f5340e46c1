/**
 * The gateway on the wire, byte for byte, as the official SDKs meet it: a raw socket sends the
 * request line the Python SDK sends (absolute form) and reads the header names exactly as they
 * arrive (the Python and PHP SDKs look them up by lower-case name).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signContent, verifyContent } from '@mp-sandbox/openapi-client';
import { formatGatewayTime, OPENAPI_PATHS, parseSignatureHeader, signedContent } from '../deps.js';
import {
  startTestPlatform,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testKeys,
  type TestPlatform,
} from '../testing/testPlatform.js';

let t: TestPlatform;

beforeAll(async () => {
  t = await startTestPlatform();
});

afterAll(async () => {
  await t.close();
});

interface WireAnswer {
  statusLine: string;
  /** Header lines as sent: [name exactly as on the wire, value]. */
  headers: Array<[string, string]>;
  body: string;
}

/** Writes `request` on a fresh socket and reads the whole answer (the request asks to close). */
function rawExchange(request: string): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(t.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
      const headers = lines.map((line): [string, string] => [
        line.slice(0, line.indexOf(':')),
        line.slice(line.indexOf(':') + 1).trim(),
      ]);
      resolve({ statusLine, headers, body: text.slice(split + 4) });
    });
    socket.write(request);
  });
}

/** A signed POST whose request line names `target`, while the signature covers `signedPath`. */
function signedRequest(target: string, signedPath: string, body: string): string {
  const requestTime = formatGatewayTime(Date.now());
  const content = signedContent('POST', signedPath, TEST_CLIENT_ID, requestTime, body);
  // The Python SDK writes the header compactly and the names in lower case.
  const signature = `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signContent(testKeys().merchant.privateKey, content))}`;
  return [
    `POST ${target} HTTP/1.1`,
    `host: 127.0.0.1:${t.port}`,
    'content-type: application/json; charset=UTF-8',
    `client-id: ${TEST_CLIENT_ID}`,
    `request-time: ${requestTime}`,
    `signature: ${signature}`,
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

function header(answer: WireAnswer, name: string): string | undefined {
  return answer.headers.find(([n]) => n === name)?.[1];
}

/** The answer verifies with the platform key over `path` (path and query, never scheme or host). */
function expectVerifies(answer: WireAnswer, path: string): void {
  const parsed = parseSignatureHeader(header(answer, 'signature')!);
  if (typeof parsed === 'string') throw new Error(parsed);
  const content = signedContent(
    'POST',
    path,
    header(answer, 'client-id')!,
    header(answer, 'response-time')!,
    answer.body,
  );
  expect(verifyContent(t.platform.keys.publicKey, content, parsed.signature)).toBe(true);
}

async function applyBody(): Promise<string> {
  const authCode = await t.issueCode('ana', ['auth_base']);
  return JSON.stringify({
    appId: TEST_APP_ID,
    authClientId: TEST_CLIENT_ID,
    grantType: 'AUTHORIZATION_CODE',
    authCode,
  });
}

describe('the gateway on the wire', () => {
  it('sends client-id, response-time and signature with lower-case names, byte for byte', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const answer = await rawExchange(signedRequest(path, path, await applyBody()));
    expect(answer.statusLine).toBe('HTTP/1.1 200 OK');
    const names = answer.headers.map(([name]) => name);
    expect(names).toEqual(expect.arrayContaining(['client-id', 'response-time', 'signature']));
    expect(names.filter((name) => /^(client-id|response-time|signature)$/i.test(name))).toEqual([
      'client-id',
      'response-time',
      'signature',
    ]);
    expect(JSON.parse(answer.body).result.resultCode).toBe('SUCCESS');
    expectVerifies(answer, path);
  });

  it('routes, verifies and signs an absolute-form request line over its path only', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const answer = await rawExchange(
      signedRequest(`https://127.0.0.1${path}`, path, await applyBody()),
    );
    expect(JSON.parse(answer.body).result).toEqual({
      resultCode: 'SUCCESS',
      resultStatus: 'S',
      resultMessage: 'success',
    });
    expectVerifies(answer, path);
  });

  it('keeps the query in what is signed when the absolute form carries one', async () => {
    const path = `${OPENAPI_PATHS.applyTokenV2}?trace=1`;
    const answer = await rawExchange(
      signedRequest(`http://platform:${t.port}${path}`, path, await applyBody()),
    );
    expect(JSON.parse(answer.body).result.resultCode).toBe('SUCCESS');
    expectVerifies(answer, path);
  });

  it('refuses an absolute-form request signed over the whole URI, naming the path it verified', async () => {
    const path = OPENAPI_PATHS.applyTokenV2;
    const uri = `https://127.0.0.1${path}`;
    const answer = await rawExchange(signedRequest(uri, uri, await applyBody()));
    const { result } = JSON.parse(answer.body) as {
      result: { resultCode: string; resultMessage: string };
    };
    expect(result.resultCode).toBe('INVALID_SIGNATURE');
    expect(result.resultMessage).toContain(`"POST ${path}\\n`);
    expectVerifies(answer, path);
  });
});
