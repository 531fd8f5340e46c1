/**
 * The HTTPS gateway: the platform makes its own CA and server certificate at first start, and a
 * client that trusts only that CA (as a merchant told to by the README would) gets a verified
 * connection by every name the certificate lists; a client that does not trust it is refused.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { request } from 'node:https';
import { checkServerIdentity } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTROL_PATHS, OPENAPI_PATHS } from './deps.js';
import {
  startTestPlatform,
  TEST_APP_ID,
  TEST_CLIENT_ID,
  testKeys,
  type TestPlatform,
} from './testing/testPlatform.js';

let t: TestPlatform;

beforeAll(async () => {
  t = await startTestPlatform({
    tls: { port: 0, dir: '', hostNames: ['sandbox.test'], optional: false },
  });
});

afterAll(async () => {
  await t?.close();
});

/** Runs a program to its end without blocking this process (the platform under test lives here). */
function run(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', env }, (error, stdout, stderr) => {
      resolve({
        status: error ? Number((error as { code?: number }).code ?? 1) : 0,
        stdout,
        stderr,
      });
    });
  });
}

/** GET over HTTPS trusting only `ca`, by host name `servername` (SNI and certificate check). */
function httpsGet(
  port: number,
  path: string,
  ca: string | undefined,
  servername = '127.0.0.1',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // An IP is no SNI name (RFC 6066): the certificate is still checked against it.
    const sni = /^[\d.]+$/.test(servername) ? {} : { servername };
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        ...sni,
        checkServerIdentity: (_host, cert) => checkServerIdentity(servername, cert),
        ...(ca !== undefined && { ca }),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the HTTPS gateway', () => {
  it('makes a CA and a server certificate into the data folder, for loopback, the compose service names and the extra names', () => {
    const tls = t.tls!;
    expect(tls.caFile).toBe(join(t.dir, 'tls', 'ca.pem'));
    const ca = new X509Certificate(readFileSync(tls.caFile));
    const cert = new X509Certificate(readFileSync(join(t.dir, 'tls', 'server.pem')));
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    for (const name of [
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'DNS:platform',
      'DNS:merchant',
      'DNS:sandbox.test',
    ]) {
      expect(cert.subjectAltName).toContain(name);
    }
    expect(t.tls!.url).toBe(`https://127.0.0.1:${tls.port}`);
  });

  it('answers over HTTPS to a client that trusts only the sandbox CA, by IP and by name', async () => {
    const ca = readFileSync(t.tls!.caFile, 'utf8');
    for (const servername of ['127.0.0.1', 'localhost', 'platform']) {
      const answer = await httpsGet(t.tls!.port, CONTROL_PATHS.health, ca, servername);
      expect(answer.status, servername).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok', part: 'platform' });
    }
  });

  it('is refused by a client that does not trust the sandbox CA', async () => {
    await expect(httpsGet(t.tls!.port, CONTROL_PATHS.health, undefined)).rejects.toThrow(
      /self[- ]signed|unable to (get|verify)/i,
    );
  });

  it('serves the signed gateway over HTTPS to a Node merchant given NODE_EXTRA_CA_CERTS', async () => {
    const authCode = await t.issueCode('ana', ['auth_base']);
    // NODE_EXTRA_CA_CERTS is read once at start, so the merchant is a process of its own.
    const script = `
      const { createOpenApiClient } = await import(${JSON.stringify(import.meta.resolve('@mp-sandbox/openapi-client'))});
      const client = createOpenApiClient(JSON.parse(process.env.CLIENT_OPTIONS));
      const answer = await client.applyToken({ appId: process.env.APP_ID, authClientId: process.env.CLIENT_ID, grantType: 'AUTHORIZATION_CODE', authCode: process.env.AUTH_CODE });
      console.log(answer.result.resultCode);`;
    const merchant = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        ...process.env,
        NODE_EXTRA_CA_CERTS: t.tls!.caFile,
        APP_ID: TEST_APP_ID,
        CLIENT_ID: TEST_CLIENT_ID,
        AUTH_CODE: authCode,
        CLIENT_OPTIONS: JSON.stringify({
          gatewayUrl: t.tls!.url,
          clientId: TEST_CLIENT_ID,
          privateKey: testKeys().merchant.privateKey,
          platformPublicKey: t.platform.keys.publicKey,
        }),
      },
    );
    expect(merchant.stderr).toBe('');
    expect(merchant.stdout.trim()).toBe('SUCCESS');
  });

  it('answers curl --cacert with a signed gateway result', async () => {
    const curl = await run('curl', [
      '-sS',
      '--cacert',
      t.tls!.caFile,
      '-X',
      'POST',
      `${t.tls!.url}${OPENAPI_PATHS.applyTokenV2}`,
      '-d',
      '{}',
      '-D',
      '-',
    ]);
    expect(curl.stderr, 'curl is needed (apt-get install curl)').toBe('');
    expect(curl.stdout).toMatch(/^response-time: /m);
    expect(curl.stdout).toContain('"resultCode":"PARAM_ILLEGAL"');
  });

  it("lists the HTTPS gateway among the OpenAPI document's servers", async () => {
    const doc = (await (await fetch(`${t.url}${CONTROL_PATHS.openApi}`)).json()) as {
      servers: Array<{ url: string }>;
    };
    expect(doc.servers.map((server) => server.url)).toContain(t.tls!.url);
  });

  it('names the HTTPS gateway in its health answer (the launcher prints it from there)', async () => {
    const health = (await (await fetch(`${t.url}${CONTROL_PATHS.health}`)).json()) as {
      https?: string;
    };
    expect(health.https).toBe(t.tls!.url);
  });

  it('keeps its CA across restarts, so a merchant trusts it once', async () => {
    const before = readFileSync(t.tls!.caFile, 'utf8');
    t = await t.restart();
    expect(readFileSync(t.tls!.caFile, 'utf8')).toBe(before);
    const answer = await httpsGet(t.tls!.port, CONTROL_PATHS.health, before);
    expect(answer.status).toBe(200);
  });
});

describe('when the HTTPS port is taken', () => {
  let holder: Server;
  let port: number;

  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()));
    port = (holder.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  });

  it('goes on over HTTP alone, saying so, when the port was only the default', async () => {
    const lines: string[] = [];
    const p = await startTestPlatform({
      tls: { port, dir: '', hostNames: [], optional: true },
      log: (line) => lines.push(line),
    });
    try {
      expect(p.tls).toBeUndefined();
      expect(lines.join('\n')).toContain(
        `HTTPS is off: port ${port} is taken; set PLATFORM_TLS_PORT`,
      );
      const health = await fetch(`${p.url}${CONTROL_PATHS.health}`);
      expect(health.status).toBe(200);
      expect(await health.json()).not.toHaveProperty('https');
    } finally {
      await p.close();
    }
  });

  it('does not start when the port was asked for', async () => {
    await expect(
      startTestPlatform({ tls: { port, dir: '', hostNames: [], optional: false } }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
