/**
 * Keys in every form merchants hold them, end to end: a client registered with its public key as
 * one-line base64 or PKCS#1 signs with a base64 or PKCS#1 private key and is verified; the platform
 * key is handed out as one-line base64 too, and verifies answers in that form; a key in the wrong
 * form is refused with a message naming the form it got and the one needed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenApiClient, keyPairForms, readPublicKey } from '@mp-sandbox/openapi-client';
import { CONTROL_PATHS } from './deps.js';
import { ConfigError, readConfigFile } from './configFile.js';
import {
  controlCall,
  startTestPlatform,
  testApp,
  testKeys,
  type TestPlatform,
} from './testing/testPlatform.js';

let t: TestPlatform;
const forms = keyPairForms(testKeys().stranger.privateKey);
const pkcs1PublicPem = (() => {
  const read = readPublicKey(forms.publicSpkiPem);
  if ('problem' in read) throw new Error(read.problem);
  return read.key.export({ type: 'pkcs1', format: 'pem' }).toString();
})();

beforeAll(async () => {
  t = await startTestPlatform({
    seed: {
      // Registered from the config with a PKCS#1 PEM public key.
      clients: [
        {
          clientId: 'PKCS1SHOP',
          name: 'PKCS1SHOP',
          publicKeys: [{ keyVersion: '1', pem: pkcs1PublicPem }],
          grantTypes: ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'],
          signatureMode: 'enforce',
        },
      ],
      apps: [testApp('PKCS1APP', 'PKCS1SHOP', ['auth_base', 'auth_user'])],
    },
  });
});

afterAll(async () => {
  await t?.close();
});

async function loginWith(
  clientId: string,
  appId: string,
  privateKey: string,
  platformPublicKey: string,
) {
  const client = createOpenApiClient({
    gatewayUrl: t.url,
    clientId,
    privateKey,
    platformPublicKey,
  });
  const authCode = await t.issueCode('ana', ['auth_base'], appId);
  return client.applyToken({
    appId,
    authClientId: clientId,
    grantType: 'AUTHORIZATION_CODE',
    authCode,
  });
}

describe('the platform key', () => {
  it('is handed out as PEM and as one-line base64 (SPKI), and answers verify with either', async () => {
    const { status, body } = await controlCall<{ publicKey: string; publicKeyBase64: string }>(
      t.url,
      'GET',
      CONTROL_PATHS.platformKey,
    );
    expect(status).toBe(200);
    expect(body.publicKeyBase64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(body.publicKeyBase64).toBe(body.publicKey.replace(/-----[A-Z ]+-----|\s/g, ''));
    const answer = await loginWith(t.clientId, t.appId, t.privateKey, body.publicKeyBase64);
    expect(answer.result.resultCode).toBe('SUCCESS');
  });
});

describe('a merchant public key', () => {
  it("registered through the control API as one-line base64 verifies calls signed with a base64 PKCS#8 key (the Go SDK's forms)", async () => {
    const created = await controlCall(t.url, 'POST', CONTROL_PATHS.clients, {
      clientId: 'GOSHOP',
      publicKeys: [{ keyVersion: '1', pem: forms.publicSpkiBase64 }],
    });
    expect(created.status).toBe(201);
    const app = await controlCall(t.url, 'POST', CONTROL_PATHS.apps, {
      appId: 'GOAPP',
      name: 'Go shop',
      url: 'http://127.0.0.1:1/',
      authClientId: 'GOSHOP',
    });
    expect(app.status).toBe(201);
    const answer = await loginWith(
      'GOSHOP',
      'GOAPP',
      forms.privatePkcs8Base64,
      t.platform.keys.publicKey,
    );
    expect(answer.result.resultCode).toBe('SUCCESS');
  });

  it("registered from the config as PKCS#1 PEM verifies calls signed with a PKCS#1 private key (the Python SDK's form)", async () => {
    const answer = await loginWith(
      'PKCS1SHOP',
      'PKCS1APP',
      forms.privatePkcs1Pem,
      t.platform.keys.publicKey,
    );
    expect(answer.result.resultCode).toBe('SUCCESS');
  });

  it('is refused when a private key is sent in its place, naming the form sent and the forms needed', async () => {
    const refused = await controlCall(t.url, 'POST', CONTROL_PATHS.clients, {
      clientId: 'LEAKY',
      publicKeys: [{ keyVersion: '1', pem: forms.privatePkcs8Pem }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(
      'got a PKCS#8 PEM private key, but this place takes the PUBLIC key',
    );
    expect(refused.body.message).toContain('SPKI PEM (-----BEGIN PUBLIC KEY-----)');
  });

  it('is checked in the config file the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mp-keyforms-'));
    try {
      const file = join(dir, 'sandbox.config.json');
      const config = (pem: string) => ({
        clients: [{ clientId: 'SHOP', publicKeys: [{ keyVersion: '1', pem }] }],
      });
      writeFileSync(file, JSON.stringify(config(forms.publicSpkiBase64)));
      expect(readConfigFile(file, { env: {}, dataDir: dir }).clients[0]!.publicKeys[0]!.pem).toBe(
        forms.publicSpkiBase64,
      );
      writeFileSync(file, JSON.stringify(config(forms.privatePkcs1Base64)));
      expect(() => readConfigFile(file, { env: {}, dataDir: dir })).toThrow(ConfigError);
      expect(() => readConfigFile(file, { env: {}, dataDir: dir })).toThrow(
        /clients\[0\]\.publicKeys\[0\]\.pem: got one-line base64 of a PKCS#1 private key, but this place takes the PUBLIC key/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
