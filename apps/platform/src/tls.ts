/**
 * The platform's own certificate authority and server certificate, made at first start into
 * `<data dir>/tls/`, so the gateway can answer over HTTPS (the Java SDK refuses any other scheme,
 * the Python SDK always dials HTTPS). Merchants trust `ca.pem`; the CA key never leaves the folder.
 *
 * Node's crypto makes the RSA keys; node-forge (pure JavaScript, so a fresh machine needs no
 * openssl) writes and signs the X.509 certificates.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';

/** The names a merchant may reach the platform by: loopback, and the compose service names. */
export const DEFAULT_TLS_HOST_NAMES = [
  '127.0.0.1',
  'localhost',
  '::1',
  'platform',
  'shell',
  'merchant',
  'mini-program',
];

export interface TlsFiles {
  dir: string;
  /** The CA certificate merchants trust (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, a Java truststore, curl --cacert). */
  caFile: string;
  caKeyFile: string;
  certFile: string;
  keyFile: string;
}

export interface TlsMaterial extends TlsFiles {
  ca: string;
  cert: string;
  key: string;
  /** The names the server certificate is valid for. */
  hostNames: string[];
}

const DAY = 24 * 60 * 60_000;
/** Browsers and Apple clients refuse server certificates valid for more than 398 days. */
const SERVER_CERT_DAYS = 397;
const CA_YEARS = 10;
/** A server certificate this close to its end is made anew at start. */
const RENEW_BEFORE_MS = 30 * DAY;

export function tlsFiles(dir: string): TlsFiles {
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    caKeyFile: join(dir, 'ca.key.pem'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server.key.pem'),
  };
}

function writeAtomically(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}

function rsaKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A positive serial number: 16 random bytes with the high bit cleared. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function pkcs8ToForge(pem: string): forge.pki.rsa.PrivateKey {
  // forge reads PKCS#1 ("RSA PRIVATE KEY") PEM; Node converts.
  const pkcs1 = createPrivateKey(pem).export({ type: 'pkcs1', format: 'pem' }).toString();
  return forge.pki.privateKeyFromPem(pkcs1) as forge.pki.rsa.PrivateKey;
}

function makeCa(files: TlsFiles): void {
  const { privateKey, publicKey } = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + CA_YEARS * 365 * DAY);
  // A name of its own per folder, so two sandboxes' CAs are told apart in a trust store.
  const subject = [
    {
      name: 'commonName',
      value: `Mini Program Auth Sandbox local CA ${randomBytes(4).toString('hex')}`,
    },
    { name: 'organizationName', value: 'Mini Program Auth Sandbox (local testing only)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(pkcs8ToForge(privateKey), forge.md.sha256.create());
  mkdirSync(files.dir, { recursive: true });
  writeAtomically(files.caKeyFile, privateKey, 0o600);
  writeAtomically(files.caFile, forge.pki.certificateToPem(cert), 0o644);
}

function makeServerCert(files: TlsFiles, hostNames: string[]): void {
  const caCert = forge.pki.certificateFromPem(readFileSync(files.caFile, 'utf8'));
  const caKey = pkcs8ToForge(readFileSync(files.caKeyFile, 'utf8'));
  const { privateKey, publicKey } = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + SERVER_CERT_DAYS * DAY);
  cert.setSubject([{ name: 'commonName', value: hostNames[0] ?? 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hostNames.map((name) =>
        isIP(name) ? { type: 7, ip: name } : { type: 2, value: name },
      ),
    },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  // The key first and the certificate last: a reader that finds the certificate finds its key.
  writeAtomically(files.keyFile, privateKey, 0o600);
  writeAtomically(files.certFile, forge.pki.certificateToPem(cert), 0o644);
}

/** Whether the server certificate on disk is signed by this CA, names every host, and is not near its end. */
function serverCertFits(files: TlsFiles, hostNames: string[]): boolean {
  if (!existsSync(files.certFile) || !existsSync(files.keyFile)) return false;
  try {
    const cert = new X509Certificate(readFileSync(files.certFile));
    const ca = new X509Certificate(readFileSync(files.caFile));
    if (!cert.verify(ca.publicKey)) return false;
    if (Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_MS) return false;
    const names = new Set(
      (cert.subjectAltName ?? '')
        .split(/,\s*/)
        .map((entry) => entry.replace(/^(DNS|IP Address):/, '').toLowerCase()),
    );
    return hostNames.every((name) => names.has(name.toLowerCase()));
  } catch {
    return false;
  }
}

/**
 * Reads the CA and the server certificate from `dir`, making what is missing: the CA once (merchants
 * keep trusting it across restarts), the server certificate again whenever a host name is added or
 * it nears its end.
 */
export function ensureTls(dir: string, extraHostNames: string[] = []): TlsMaterial {
  const files = tlsFiles(dir);
  const hostNames = [
    ...new Set([
      ...DEFAULT_TLS_HOST_NAMES,
      ...extraHostNames.filter((name) => name && name !== '0.0.0.0' && name !== '::'),
    ]),
  ];
  if (!existsSync(files.caFile) || !existsSync(files.caKeyFile)) makeCa(files);
  if (!serverCertFits(files, hostNames)) makeServerCert(files, hostNames);
  return {
    ...files,
    hostNames,
    ca: readFileSync(files.caFile, 'utf8'),
    cert: readFileSync(files.certFile, 'utf8'),
    key: readFileSync(files.keyFile, 'utf8'),
  };
}
