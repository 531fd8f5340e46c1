import { createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';

export type PemOrKey = string | KeyObject;

function privateKeyOf(key: PemOrKey): KeyObject {
  return typeof key === 'string' ? createPrivateKey(normalizePem(key, 'PRIVATE KEY')) : key;
}

function publicKeyOf(key: PemOrKey): KeyObject {
  return typeof key === 'string' ? createPublicKey(normalizePem(key, 'PUBLIC KEY')) : key;
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

export function verifyContent(publicKey: PemOrKey, content: string, base64Signature: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKeyOf(publicKey), base64Signature, 'base64');
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
