/**
 * `npm run keys -- create <clientId> [--key-version 1] [--out <dir>] [--config <file>] [--force]`:
 * makes an RSA-2048 key pair for a merchant client, writes it in every form the official SDKs take
 * (PKCS#8 and PKCS#1 PEM and one-line base64 for the private key, mode 600, out of git; SPKI PEM and
 * one-line base64 for the public key), and registers the public key with the sandbox: in the config
 * file when the client is there (a path relative to the file, or the key itself with --inline),
 * otherwise by printing the entry to paste.
 *
 * `npm run keys -- show-platform`: the platform's public key, which verifies its response signatures.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ensureKeyPair,
  keyPairFiles,
  keyPairForms,
  publicKeyBase64,
} from '@mp-sandbox/openapi-client';
import { GRANT_TYPES, sandboxAddresses } from '@mp-sandbox/protocol';
import {
  ConfigError,
  configLabel,
  dataDirFromEnv,
  readConfigFile,
  readConfigJson,
  withConfigPorts,
  type LoadedConfig,
  type SandboxConfigFile,
} from '@mp-sandbox/platform/config';
import { useCallerCwd } from './lib/callerCwd.js';

useCallerCwd('keys');

const USAGE = `Usage: npm run keys -- <command> [options]     (or: npx mp-sandbox keys <command> [options])

Commands:
  create <clientId>   make an RSA-2048 key pair for a merchant client and register its public key
      --key-version <v>   the keyVersion to register it under (default 1)
      --out <dir>         where the pair goes (default: <data dir>/keys, which git ignores)
      --config <file>     the sandbox config file: when it lists the client, the key is added to
                          its publicKeys as a path relative to the file (the file is rewritten,
                          2-space indent); otherwise the client entry to paste is printed
      --inline            put the public key itself (one-line base64) in the config instead of
                          its path: the file then holds no path and is safe to commit
      --force             replace a pair that already exists (default: reuse it)
  show-platform       print the platform's public key file and PEM (verify response signatures with it)

Options of both:
  --data-dir <dir>    the sandbox's data folder (default: .sandbox-data; SANDBOX_DATA_DIR)
  -h, --help          this text`;

const ID = /^[A-Za-z0-9_.-]{1,128}$/;
const KEY_VERSION = /^[A-Za-z0-9_.-]{1,16}$/;

function stop(lines: string[], code = 1): never {
  for (const line of lines) console.error(line);
  process.exit(code);
}

function readArguments() {
  try {
    return parseArgs({
      options: {
        'key-version': { type: 'string', default: '1' },
        out: { type: 'string' },
        config: { type: 'string' },
        'data-dir': { type: 'string' },
        force: { type: 'boolean', default: false },
        inline: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return stop([`keys: ${(error as Error).message}`, '', USAGE]);
  }
}

const { values: args, positionals } = readArguments();
if (args.help || positionals.length === 0) {
  console.log(USAGE);
  process.exit(args.help ? 0 : 1);
}

const env: Record<string, string | undefined> = { ...process.env };
if (args['data-dir'] !== undefined) env['SANDBOX_DATA_DIR'] = resolve(args['data-dir']);
const dataDir = dataDirFromEnv(env);
const platformKeyFile = keyPairFiles(resolve(dataDir, 'keys'), 'platform').publicKeyFile;

/**
 * A path as the config file should hold it: relative to the file's folder (`../data/keys/…` too),
 * so the file means the same on every machine; the config loader resolves it from there. Only a
 * path on another drive (Windows), which no relative path reaches, stays absolute.
 */
function pathForConfig(configFile: string, file: string): string {
  const rel = relative(dirname(configFile), file);
  if (rel === '' || resolve(dirname(configFile), rel) !== resolve(file)) return file;
  return rel.split(sep).join('/');
}

/** The other forms of a pair, beside its two PEM files: `<name>.private.pkcs1.pem`, `….private.base64`, `….public.base64`. */
function formFiles(privateKeyFile: string, publicKeyFile: string) {
  const base = privateKeyFile.replace(/\.private\.pem$/, '');
  return {
    privatePkcs1Pem: `${base}.private.pkcs1.pem`,
    privatePkcs8Base64: `${base}.private.base64`,
    privatePkcs1Base64: `${base}.private.pkcs1.base64`,
    publicSpkiBase64: publicKeyFile.replace(/\.pem$/, '.base64'),
  };
}

/** Why `file` could end up committed: inside a git work tree and not ignored. */
function gitExposure(file: string): string | undefined {
  let dir = dirname(file);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  const top = spawnSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' });
  if (top.status !== 0) return undefined; // not in a repository, or no git
  const root = top.stdout.trim();
  const ignored = spawnSync('git', ['-C', root, 'check-ignore', '-q', '--', file], {
    encoding: 'utf8',
  });
  if (ignored.status !== 1) return undefined; // 0: ignored; anything else: git could not tell
  return `warning: ${file} is inside the git repository ${root} and is not git-ignored: add it to .gitignore, or use --out outside the repository, so the private key is never committed`;
}

function loadConfig(file: string): LoadedConfig {
  try {
    return readConfigFile(file, { env, dataDir });
  } catch (error) {
    if (error instanceof ConfigError)
      stop([`keys: the config file cannot be used; nothing was created.`, error.message]);
    throw error;
  }
}

function create(clientId: string | undefined): void {
  if (!clientId)
    stop(['keys: create needs the clientId: npm run keys -- create <clientId>', '', USAGE]);
  if (!ID.test(clientId))
    stop([`keys: ${JSON.stringify(clientId)} is not a clientId: 1 to 128 letters, digits, _ . -`]);
  const keyVersion = args['key-version'];
  if (!KEY_VERSION.test(keyVersion))
    stop([
      `keys: --key-version ${JSON.stringify(keyVersion)} must be 1 to 16 letters, digits, _ . -`,
    ]);

  // Check the config first, so that nothing is made when it cannot be registered.
  const configFile = args.config === undefined ? undefined : resolve(args.config);
  const config = configFile ? loadConfig(configFile) : undefined;

  const outDir = resolve(args.out ?? resolve(dataDir, 'keys'));
  const name = keyVersion === '1' ? clientId : `${clientId}.v${keyVersion}`;
  const files = keyPairFiles(outDir, name);
  const existed = existsSync(files.privateKeyFile) && existsSync(files.publicKeyFile);
  const extra = formFiles(files.privateKeyFile, files.publicKeyFile);
  if (existed && args.force)
    for (const file of [files.privateKeyFile, files.publicKeyFile, ...Object.values(extra)])
      rmSync(file, { force: true });
  const pair = ensureKeyPair(outDir, name);
  chmodSync(pair.privateKeyFile, 0o600);
  // Written from the private key each time, so they always match the pair.
  const forms = keyPairForms(pair.privateKey);
  writeFileSync(extra.privatePkcs1Pem, forms.privatePkcs1Pem, { mode: 0o600 });
  writeFileSync(extra.privatePkcs8Base64, `${forms.privatePkcs8Base64}\n`, { mode: 0o600 });
  writeFileSync(extra.privatePkcs1Base64, `${forms.privatePkcs1Base64}\n`, { mode: 0o600 });
  for (const file of [extra.privatePkcs1Pem, extra.privatePkcs8Base64, extra.privatePkcs1Base64])
    chmodSync(file, 0o600);
  writeFileSync(extra.publicSpkiBase64, `${forms.publicSpkiBase64}\n`);

  const out: string[] = [];
  const verb = existed && !args.force ? 'Reusing the RSA key pair' : 'Created an RSA-2048 key pair';
  out.push(
    `${verb} of ${clientId} (keyVersion ${keyVersion})${existed && !args.force ? ' (--force makes a new one)' : ''}:`,
    `  private key  ${pair.privateKeyFile}   PKCS#8 PEM (Node, PHP; mode 600: keep it secret, never commit it)`,
    `               ${extra.privatePkcs1Pem}   PKCS#1 PEM (Python)`,
    `               ${extra.privatePkcs8Base64}   one-line base64 of PKCS#8 (Java, Go: merchantPrivateKey)`,
    `               ${extra.privatePkcs1Base64}   one-line base64 of PKCS#1`,
    `  public key   ${pair.publicKeyFile}   SPKI PEM`,
    `               ${extra.publicSpkiBase64}   one-line base64 of SPKI (what a platform console shows)`,
    '',
    'The private key, one line of base64 (PKCS#8; a sandbox key: never use it in production):',
    `  ${forms.privatePkcs8Base64}`,
    'The public key, one line of base64 (SPKI):',
    `  ${forms.publicSpkiBase64}`,
    '',
    'The private key as PKCS#8 PEM:',
    forms.privatePkcs8Pem.trimEnd(),
    'The private key as PKCS#1 PEM:',
    forms.privatePkcs1Pem.trimEnd(),
  );
  const exposure = gitExposure(pair.privateKeyFile);
  if (exposure) out.push('', exposure);
  out.push('');

  const index = config?.raw.clients?.findIndex((c) => c.clientId === clientId) ?? -1;
  if (configFile && config && index >= 0) {
    const raw = readConfigJson(configFile) as SandboxConfigFile;
    const client = raw.clients![index]!;
    const entry = args.inline
      ? { keyVersion, pem: forms.publicSpkiBase64 }
      : { keyVersion, file: pathForConfig(configFile, pair.publicKeyFile) };
    const keys = client.publicKeys ?? [];
    const at = keys.findIndex((k) => k.keyVersion === keyVersion);
    const slot = at >= 0 ? at : keys.length;
    keys[slot] = entry;
    client.publicKeys = keys;
    writeFileSync(configFile, `${JSON.stringify(raw, null, 2)}\n`);
    const label = configLabel(configFile);
    out.push(
      `${at >= 0 ? 'Replaced' : 'Added'} clients[${index}].publicKeys[${slot}] in ${label}: ${JSON.stringify(entry)}`,
      args.inline
        ? `${label} now holds the public key itself and no path: it is safe to commit.`
        : `The path is relative to ${label}. To commit the file, commit the public key file with it, or use --inline (public keys only, never a private key).`,
      `Restart the sandbox so the platform registers it: npm run sandbox -- --config ${label}`,
    );
    const after = loadConfig(configFile);
    for (const warning of after.warnings) out.push(`${label}: warning: ${warning}`);
  } else {
    const file = configFile ? pathForConfig(configFile, pair.publicKeyFile) : pair.publicKeyFile;
    const snippet = {
      clientId,
      name: clientId,
      publicKeys: [
        args.inline ? { keyVersion, pem: forms.publicSpkiBase64 } : { keyVersion, file },
      ],
      grantTypes: [...GRANT_TYPES],
      signatureMode: 'enforce',
    };
    out.push(
      configFile
        ? `${configLabel(configFile)} has no client ${clientId}. Add this to its "clients" (and name it in your app's "authClientId"):`
        : `Register it: add this client to "clients" in your sandbox config file (or pass --config <file> to have it done):`,
      '',
      JSON.stringify(snippet, null, 2).replace(/^/gm, '  '),
    );
  }

  const gatewayUrl = sandboxAddresses(withConfigPorts(env, config?.ports)).urls.platform;
  out.push(
    '',
    'Use it in your merchant server, with @mp-sandbox/openapi-client:',
    '',
    "  import { readFileSync } from 'node:fs';",
    "  import { createOpenApiClient } from '@mp-sandbox/openapi-client';",
    '  const client = createOpenApiClient({',
    `    gatewayUrl: '${gatewayUrl}',`,
    `    clientId: '${clientId}',`,
    `    privateKey: readFileSync('${pair.privateKeyFile}', 'utf8'),`,
    `    keyVersion: '${keyVersion}',`,
    `    platformPublicKey: readFileSync('${platformKeyFile}', 'utf8'),   // verifies the platform's answers`,
    '  });',
    '',
    'Or, in any language: sign `POST <path>\\n<Client-Id>.<Request-Time>.<body>` with RSA-SHA256 and this key, and send',
    `  Client-Id: ${clientId}`,
    `  Signature: algorithm=RSA256, keyVersion=${keyVersion}, signature=<urlencoded base64>`,
    '(examples/curl-apply-token.sh does it with openssl).',
  );
  console.log(out.join('\n'));
}

function showPlatform(): void {
  if (!existsSync(platformKeyFile)) {
    stop([
      `keys: ${platformKeyFile} does not exist yet: the platform creates it on its first start (npm run sandbox${
        args['data-dir'] ? ` -- --data-dir ${args['data-dir']}` : ''
      }).`,
    ]);
  }
  const pem = readFileSync(platformKeyFile, 'utf8');
  console.log(`Platform public key (verify response signatures with this): ${platformKeyFile}\n`);
  process.stdout.write(pem);
  console.log(
    `\nThe same, one line of base64 (SPKI; the Java and Go SDKs' alipayPublicKey):\n${publicKeyBase64(pem)}`,
  );
}

const [command, ...rest] = positionals;
if (command === 'create') {
  if (rest.length > 1) stop([`keys: create takes one clientId, not ${rest.join(' ')}`]);
  create(rest[0]);
} else if (command === 'show-platform') {
  if (rest.length > 0) stop([`keys: show-platform takes no arguments`]);
  showPlatform();
} else {
  stop([`keys: unknown command ${JSON.stringify(command)}`, '', USAGE]);
}
