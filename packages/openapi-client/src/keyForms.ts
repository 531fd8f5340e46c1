/**
 * RSA keys in every form merchants hold them. The official SDKs each want another one: Java and Go
 * take one-line base64 (PKCS#8 private, SPKI public), Python a PKCS#1 private key, PHP and Node a
 * PEM. These functions read any of them, write all of them, and when a key is in a form that cannot
 * serve (a private key where a public one belongs, an EC or OpenSSH key), say which form they got
 * and which one is needed.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** The forms a public key is accepted in. */
export const PUBLIC_KEY_FORMS =
  'SPKI PEM (-----BEGIN PUBLIC KEY-----), PKCS#1 PEM (-----BEGIN RSA PUBLIC KEY-----), or the one-line base64 of either';
/** The forms a private key is accepted in. */
export const PRIVATE_KEY_FORMS =
  'PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), PKCS#1 PEM (-----BEGIN RSA PRIVATE KEY-----), or the one-line base64 of either';

export type KeyReading = { key: KeyObject; form: string } | { problem: string };

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/;
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/** What `text` is, in words, whether or not it is usable: "PKCS#8 PEM private key", "an OpenSSH public key" … */
export function describeKeyForm(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'nothing (an empty string)';
  const label = PEM.exec(trimmed)?.[1];
  if (label) {
    const names: Record<string, string> = {
      'PUBLIC KEY': 'an SPKI PEM public key',
      'RSA PUBLIC KEY': 'a PKCS#1 PEM public key',
      'PRIVATE KEY': 'a PKCS#8 PEM private key',
      'RSA PRIVATE KEY': 'a PKCS#1 PEM private key',
      'ENCRYPTED PRIVATE KEY': 'an encrypted PKCS#8 PEM private key',
      'EC PRIVATE KEY': 'an EC PEM private key',
      CERTIFICATE: 'an X.509 certificate',
      'OPENSSH PRIVATE KEY': 'an OpenSSH private key',
    };
    return names[label] ?? `a PEM of type "${label}"`;
  }
  if (trimmed.startsWith('-----BEGIN')) return 'a PEM without its matching END line';
  if (/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-)/.test(trimmed)) return 'an OpenSSH public key';
  if (!BASE64.test(trimmed)) return 'text that is neither PEM nor base64';
  const der = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
  // Private first: createPublicKey also takes a private key (and derives its public half).
  for (const [type, name] of [
    ['pkcs8', 'one-line base64 of a PKCS#8 private key'],
    ['pkcs1', 'one-line base64 of a PKCS#1 private key'],
  ] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return name;
    } catch {
      // not this one
    }
  }
  for (const [type, name] of [
    ['spki', 'one-line base64 of an SPKI public key'],
    ['pkcs1', 'one-line base64 of a PKCS#1 public key'],
  ] as const) {
    try {
      createPublicKey({ key: der, format: 'der', type });
      return name;
    } catch {
      // not this one
    }
  }
  return 'base64 that is no key (cut short, or not a key at all)';
}

function rsaOnly(key: KeyObject, form: string): KeyReading {
  if (key.asymmetricKeyType !== 'rsa') {
    return {
      problem: `got ${form} of type ${key.asymmetricKeyType}; the gateway signs with RSA256, so the key must be RSA (2048 bits)`,
    };
  }
  return { key, form };
}

/** Reads an RSA public key given in any accepted form (or a certificate), or says what it got instead. */
export function readPublicKey(text: string): KeyReading {
  const form = describeKeyForm(text);
  const trimmed = text.trim();
  try {
    if (form.includes('public key') && !form.includes('OpenSSH')) {
      if (PEM.test(trimmed)) return rsaOnly(createPublicKey(trimmed), form);
      const der = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
      return rsaOnly(
        createPublicKey({
          key: der,
          format: 'der',
          type: form.includes('SPKI') ? 'spki' : 'pkcs1',
        }),
        form,
      );
    }
    if (form === 'an X.509 certificate') return rsaOnly(createPublicKey(trimmed), form);
  } catch (error) {
    return {
      problem: `got ${form} that cannot be read (${(error as Error).message}); a public key is needed: ${PUBLIC_KEY_FORMS}`,
    };
  }
  if (form.includes('private key')) {
    return {
      problem: `got ${form}, but this place takes the PUBLIC key (keep the private key to yourself): ${PUBLIC_KEY_FORMS}`,
    };
  }
  return { problem: `got ${form}; a public key is needed: ${PUBLIC_KEY_FORMS}` };
}

/** Reads an RSA private key given in any accepted form, or says what it got instead. */
export function readPrivateKey(text: string): KeyReading {
  const form = describeKeyForm(text);
  const trimmed = text.trim();
  try {
    if (form.includes('private key') && !/encrypted|OpenSSH/.test(form)) {
      if (PEM.test(trimmed)) return rsaOnly(createPrivateKey(trimmed), form);
      const der = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64');
      return rsaOnly(
        createPrivateKey({
          key: der,
          format: 'der',
          type: form.includes('PKCS#8') ? 'pkcs8' : 'pkcs1',
        }),
        form,
      );
    }
  } catch (error) {
    return {
      problem: `got ${form} that cannot be read (${(error as Error).message}); a private key is needed: ${PRIVATE_KEY_FORMS}`,
    };
  }
  if (form.includes('public key') || form === 'an X.509 certificate') {
    return { problem: `got ${form}, but signing needs the PRIVATE key: ${PRIVATE_KEY_FORMS}` };
  }
  return { problem: `got ${form}; a private key is needed: ${PRIVATE_KEY_FORMS}` };
}

/** One key pair in every form the official SDKs take. */
export interface KeyPairForms {
  /** `-----BEGIN PRIVATE KEY-----`: Node, PHP, Java (after stripping), this repository's client. */
  privatePkcs8Pem: string;
  /** `-----BEGIN RSA PRIVATE KEY-----`: Python's SDK. */
  privatePkcs1Pem: string;
  /** One line of base64 of the PKCS#8 DER: the Java and Go SDKs' `merchantPrivateKey`. */
  privatePkcs8Base64: string;
  /** One line of base64 of the PKCS#1 DER. */
  privatePkcs1Base64: string;
  /** `-----BEGIN PUBLIC KEY-----`. */
  publicSpkiPem: string;
  /** One line of base64 of the SPKI DER: the SDKs' `alipayPublicKey`, and what platform consoles show. */
  publicSpkiBase64: string;
}

/** Every form of the pair that `privateKey` (in any accepted form) belongs to. */
export function keyPairForms(privateKey: string | KeyObject): KeyPairForms {
  let key: KeyObject;
  if (typeof privateKey === 'string') {
    const read = readPrivateKey(privateKey);
    if ('problem' in read) throw new Error(read.problem);
    key = read.key;
  } else key = privateKey;
  const publicKey = createPublicKey(key);
  return {
    privatePkcs8Pem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privatePkcs1Pem: key.export({ type: 'pkcs1', format: 'pem' }).toString(),
    privatePkcs8Base64: key.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    privatePkcs1Base64: key.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
    publicSpkiPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicSpkiBase64: publicKeyBase64(publicKey),
  };
}

/** The one-line base64 (SPKI DER) of a public key given in any accepted form. */
export function publicKeyBase64(publicKey: string | KeyObject): string {
  let key: KeyObject;
  if (typeof publicKey === 'string') {
    const read = readPublicKey(publicKey);
    if ('problem' in read) throw new Error(read.problem);
    key = read.key;
  } else key = publicKey;
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}
