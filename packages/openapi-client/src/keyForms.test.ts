import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signContent, verifyContent } from './crypto.js';
import {
  describeKeyForm,
  keyPairForms,
  publicKeyBase64,
  readPrivateKey,
  readPublicKey,
} from './keyForms.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const forms = keyPairForms(privateKey);
const publicPkcs1Pem = readPublicKey(forms.publicSpkiPem);
if ('problem' in publicPkcs1Pem) throw new Error(publicPkcs1Pem.problem);
const pkcs1Public = {
  pem: publicPkcs1Pem.key.export({ type: 'pkcs1', format: 'pem' }).toString(),
  base64: publicPkcs1Pem.key.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
};

describe('keyPairForms', () => {
  it('writes the pair as PKCS#8 and PKCS#1 PEM, one-line base64, SPKI PEM and one-line base64', () => {
    expect(forms.privatePkcs8Pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(forms.privatePkcs1Pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(forms.publicSpkiPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    for (const line of [forms.privatePkcs8Base64, forms.privatePkcs1Base64, forms.publicSpkiBase64])
      expect(line).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // Every private form signs what every public form verifies.
    for (const signer of [
      forms.privatePkcs8Pem,
      forms.privatePkcs1Pem,
      forms.privatePkcs8Base64,
      forms.privatePkcs1Base64,
    ]) {
      const signature = signContent(signer, 'POST /v2/x\nc.t.{}');
      for (const verifier of [
        forms.publicSpkiPem,
        forms.publicSpkiBase64,
        pkcs1Public.pem,
        pkcs1Public.base64,
      ]) {
        expect(verifyContent(verifier, 'POST /v2/x\nc.t.{}', signature)).toBe(true);
      }
    }
  });

  it('gives the same one-line base64 for the public key in every form', () => {
    for (const form of [
      forms.publicSpkiPem,
      pkcs1Public.pem,
      pkcs1Public.base64,
      `  ${forms.publicSpkiBase64.replace(/(.{64})/g, '$1\n')}\n`,
    ]) {
      expect(publicKeyBase64(form)).toBe(forms.publicSpkiBase64);
    }
  });
});

describe('a key in the wrong form', () => {
  it('is named, with the form needed, when a private key is given where the public key belongs', () => {
    for (const [given, name] of [
      [forms.privatePkcs8Pem, 'a PKCS#8 PEM private key'],
      [forms.privatePkcs1Pem, 'a PKCS#1 PEM private key'],
      [forms.privatePkcs8Base64, 'one-line base64 of a PKCS#8 private key'],
    ] as const) {
      const read = readPublicKey(given);
      expect(read).toEqual({
        problem: expect.stringContaining(`got ${name}, but this place takes the PUBLIC key`),
      });
      expect((read as { problem: string }).problem).toContain(
        'SPKI PEM (-----BEGIN PUBLIC KEY-----)',
      );
    }
  });

  it('is named when a public key is given to sign with', () => {
    expect(readPrivateKey(forms.publicSpkiBase64)).toEqual({
      problem: expect.stringContaining(
        'got one-line base64 of an SPKI public key, but signing needs the PRIVATE key',
      ),
    });
    expect(() => signContent(forms.publicSpkiPem, 'x')).toThrow(
      /private key: got an SPKI PEM public key/,
    );
  });

  it('names OpenSSH, EC, truncated and non-key text', () => {
    expect(describeKeyForm('ssh-rsa AAAAB3NzaC1yc2E me@host')).toBe('an OpenSSH public key');
    expect(describeKeyForm(forms.publicSpkiBase64.slice(0, 100))).toBe(
      'base64 that is no key (cut short, or not a key at all)',
    );
    expect(describeKeyForm('hello, key!')).toBe('text that is neither PEM nor base64');
    const ec = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    expect(readPublicKey(ec.publicKey)).toEqual({
      problem: expect.stringContaining('of type ec; the gateway signs with RSA256'),
    });
  });
});
