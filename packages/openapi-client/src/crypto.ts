import { createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readPrivateKey, readPublicKey } from './keyForms.js';

export type PemOrKey = string | KeyObject;

/** A key in any form the SDKs use (PEM or one-line base64, PKCS#8 or PKCS#1); throws naming the form it got. */
function privateKeyOf(key: PemOrKey): KeyObject {
  if (typeof key !== 'string') return key;
  const read = readPrivateKey(key);
  if ('problem' in read) throw new Error(`private key: ${read.problem}`);
  return read.key;
}

function publicKeyOf(key: PemOrKey): KeyObject {
  if (typeof key !== 'string') return key;
  const read = readPublicKey(key);
  if ('problem' in read) throw new Error(`public key: ${read.problem}`);
  return read.key;
}

/**
 * Accepts a PEM, or the bare base64 body that platform consoles hand out, and returns a PEM.
 */
export function normalizePem(text: string, label: 'PRIVATE KEY' | 'PUBLIC KEY'): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return trimmed;
  const body = trimmed.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
}

/** SHA256withRSA over the UTF-8 content, base64 encoded (not yet URL-encoded). */
export function signContent(privateKey: PemOrKey, content: string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKeyOf(privateKey), 'base64');
}

export function verifyContent(
  publicKey: PemOrKey,
  content: string,
  base64Signature: string,
): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(content, 'utf8')
      .verify(publicKeyOf(publicKey), base64Signature, 'base64');
  } catch {
    return false;
  }
}

export interface PemKeyPair {
  privateKey: string;
  publicKey: string;
}

export function generateRsaKeyPair(modulusLength = 2048): PemKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKey, publicKey };
}
