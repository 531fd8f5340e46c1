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
import { COMPOSE_SERVICE_NAMES, LOOPBACK_NAMES } from './deps.js';

/**
 * The names a merchant may reach the platform by: loopback, and the compose service names (the
 * team profile's balancer `lb` among them: merchants in the compose network dial https://lb:7704).
 */
export const DEFAULT_TLS_HOST_NAMES: readonly string[] = [
  ...LOOPBACK_NAMES,
  ...COMPOSE_SERVICE_NAMES,
];

/** A certificate authority as PEM text: what replicas on one database share (see `ensureTls`). */
export interface CaPems {
  cert: string;
  key: string;
}

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
  // Replicas in containers share the folder and may all be pid 1: the name must be random.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
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

/** A new CA, in memory. */
function newCa(): CaPems {
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
  return { cert: forge.pki.certificateToPem(cert), key: privateKey };
}

/** The CA kept in `dir`, if there is one. */
function caOnDisk(files: TlsFiles): CaPems | undefined {
  if (!existsSync(files.caFile) || !existsSync(files.caKeyFile)) return undefined;
  return { cert: readFileSync(files.caFile, 'utf8'), key: readFileSync(files.caKeyFile, 'utf8') };
}

/**
 * The CA of the folder `dir` if it has one (merchants may already trust it), else a new one (not
 * written): what the first replica on a database offers to share (see `ensureTls`).
 */
export function caOf(dir: string): CaPems {
  return caOnDisk(tlsFiles(dir)) ?? newCa();
}

function writeCa(files: TlsFiles, ca: CaPems): void {
  mkdirSync(files.dir, { recursive: true });
  writeAtomically(files.caKeyFile, ca.key, 0o600);
  writeAtomically(files.caFile, ca.cert, 0o644);
}

/** A server certificate for `hostNames` signed by `ca`, written to the folder and returned. */
function makeServerCert(
  files: TlsFiles,
  ca: CaPems,
  hostNames: string[],
): { cert: string; key: string } {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = pkcs8ToForge(ca.key);
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
  const pem = forge.pki.certificateToPem(cert);
  // The key first and the certificate last: a reader that finds the certificate finds its key.
  writeAtomically(files.keyFile, privateKey, 0o600);
  writeAtomically(files.certFile, pem, 0o644);
  return { cert: pem, key: privateKey };
}

/**
 * The server certificate and key on disk, when they belong together, are signed by this CA, name
 * every host, and are not near their end.
 */
function fittingServerCert(
  files: TlsFiles,
  ca: CaPems,
  hostNames: string[],
): { cert: string; key: string } | undefined {
  if (!existsSync(files.certFile) || !existsSync(files.keyFile)) return undefined;
  try {
    const pem = readFileSync(files.certFile, 'utf8');
    const key = readFileSync(files.keyFile, 'utf8');
    const cert = new X509Certificate(pem);
    // Two processes on one folder may each have written a pair: a key from one and a certificate
    // from the other do not go together.
    if (!cert.checkPrivateKey(createPrivateKey(key))) return undefined;
    if (!cert.verify(new X509Certificate(ca.cert).publicKey)) return undefined;
    if (Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_MS) return undefined;
    const names = new Set(
      (cert.subjectAltName ?? '')
        .split(/,\s*/)
        .map((entry) => entry.replace(/^(DNS|IP Address):/, '').toLowerCase()),
    );
    return hostNames.every((name) => names.has(name.toLowerCase()))
      ? { cert: pem, key }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the CA and the server certificate from `dir`, making what is missing: the CA once (merchants
 * keep trusting it across restarts), the server certificate again whenever a host name is added or
 * it nears its end. With `sharedCa` (replicas on one database, behind one balancer that passes TLS
 * through), that CA is the one: it is written to `dir` if the folder holds another, so a merchant
 * trusts one `ca.pem` whichever replica answers. What is returned is what this process serves, even
 * if another process on the same folder writes its own certificate meanwhile.
 */
export function ensureTls(
  dir: string,
  extraHostNames: string[] = [],
  sharedCa?: CaPems,
): TlsMaterial {
  const files = tlsFiles(dir);
  const hostNames = [
    ...new Set([
      ...DEFAULT_TLS_HOST_NAMES,
      ...extraHostNames.filter((name) => name && name !== '0.0.0.0' && name !== '::'),
    ]),
  ];
  const onDisk = caOnDisk(files);
  const ca = sharedCa ?? onDisk ?? newCa();
  if (onDisk?.cert !== ca.cert || onDisk.key !== ca.key) writeCa(files, ca);
  const server = fittingServerCert(files, ca, hostNames) ?? makeServerCert(files, ca, hostNames);
  return { ...files, hostNames, ca: ca.cert, ...server };
}
