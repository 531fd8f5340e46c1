/**
 * The team profile of docker-compose.yml (`docker compose --profile team up`) and its load
 * balancer's config (team/nginx.conf), checked without a Docker engine: the services, their
 * profile, ports, environment, dependencies and health checks; the nginx upstreams against the
 * replicas; and `nginx -t` on the config (CI installs nginx; elsewhere the check is skipped when
 * nginx is missing). Then the profile as it runs: three real replicas on a PostgreSQL started here,
 * behind the same config, reached as a client outside reaches them (the URLs in answers name the
 * balancer; a merchant's HTTPS call through it trusts only the sandbox's CA).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenApiClient } from '@mp-sandbox/openapi-client';
import { COMPOSE_SERVICE_NAMES, CONTROL_PATHS, sandboxAddresses } from '@mp-sandbox/protocol';
import { controlApi, sandboxHttp } from '@mp-sandbox/protocol/client';
import { optionsFromEnv as platformOptionsFromEnv } from '@mp-sandbox/platform/config';
import { optionsFromEnv as merchantOptionsFromEnv } from '@mp-sandbox/merchant';
import { createShellProxy } from '../apps/shell/server/proxyPolicy.js';
import {
  freePort,
  hasNginx,
  loopbackNginxConf,
  startNginx,
  type RunningNginx,
} from '@mp-sandbox/platform/testing/nginx';
import { startPostgres, type PostgresServer } from '@mp-sandbox/platform/testing/postgres';
import { startReplicas, type Replica } from '@mp-sandbox/platform/testing/replicas';
import { TEST_APP_ID, TEST_CLIENT_ID, testKeys, testSeed } from '@mp-sandbox/platform/testing';
import { readCompose } from './support/composeFile.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(resolve(REPO_ROOT, path), 'utf8');

interface Service {
  image?: string;
  build?: string;
  profiles?: string[];
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] };
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}
const compose = readCompose<Compose>();
const nginxConf = read('team/nginx.conf');

const REPLICAS = ['platform-1', 'platform-2', 'platform-3'];
const TEAM = ['postgres', ...REPLICAS, 'lb', 'team-shell', 'team-merchant', 'team-mini-program'];
const service = (name: string) => {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};
const env = (name: string) => service(name).environment ?? {};
const published = (name: string) =>
  (service(name).ports ?? []).map((p) => {
    const [host, outside, inside] = p.split(':');
    return { host, outside: Number(outside), inside: Number(inside) };
  });
/** The platform's health route on the port the service listens on, as its healthcheck asks it. */
const healthTest = (name: string) => (service(name).healthcheck?.test ?? []).join(' ');

describe('docker-compose.yml, team profile', () => {
  it('has PostgreSQL, three platform replicas, a balancer, and a shell, merchant and mini program of its own, all in the team profile only', () => {
    const profiled = Object.entries(compose.services).filter(([, s]) => s.profiles);
    expect(profiled.map(([name]) => name).sort()).toEqual([...TEAM].sort());
    for (const name of TEAM) expect(service(name).profiles, name).toEqual(['team']);
  });

  it('runs each replica as the solo platform does, on the database, with the team token required', () => {
    const solo = service('platform');
    const db = env('postgres');
    for (const name of REPLICAS) {
      const replica = service(name);
      expect(replica.command, name).toEqual(solo.command);
      expect(replica.image, name).toBe(solo.image);
      const url = new URL(env(name)['SANDBOX_DATABASE_URL']!);
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname, 'the database is reached by its service name').toBe('postgres');
      expect([url.username, url.password, url.pathname.slice(1)]).toEqual([
        db['POSTGRES_USER'],
        db['POSTGRES_PASSWORD'],
        db['POSTGRES_DB'],
      ]);
      expect(
        env(name)['SANDBOX_CONTROL_TOKEN'],
        'compose refuses to start without a token',
      ).toMatch(/^\$\{SANDBOX_CONTROL_TOKEN:\?/);
      expect(env(name)['SANDBOX_BIND_HOST']).toBe('0.0.0.0');
      expect(replica.depends_on?.['postgres']?.condition).toBe('service_healthy');
      expect(healthTest(name)).toContain(
        `http://127.0.0.1:${env(name)['PLATFORM_PORT']}/sandbox/v1/health`,
      );
      // Published only through the balancer.
      expect(replica.ports, name).toBeUndefined();
    }
  });

  it('reads the database URL in the platform, which migrates before it listens (healthy = migrated)', () => {
    const config = read('apps/platform/src/config.ts');
    expect(config).toContain('SANDBOX_DATABASE_URL');
  });

  it('checks PostgreSQL with pg_isready and keeps its data in a named volume', () => {
    expect(healthTest('postgres')).toContain('pg_isready');
    const [volume] = (service('postgres').volumes ?? [])[0]!.split(':');
    expect(compose.volumes).toHaveProperty(volume!);
  });

  it('puts the balancer in front of the three replicas, ready only once all three are healthy', () => {
    const balancer = service('lb');
    expect(balancer.volumes).toContain('./team/nginx.conf:/etc/nginx/nginx.conf:ro');
    for (const name of REPLICAS)
      expect(balancer.depends_on?.[name]?.condition, name).toBe('service_healthy');
    const [lb] = published('lb');
    const { host, inside } = lb!;
    expect(host).toBe('127.0.0.1');
    expect(nginxConf).toMatch(new RegExp(`listen ${inside};`));
    expect(healthTest('lb')).toContain(`http://127.0.0.1:${inside}/sandbox/v1/health`);
    const upstreams = [...nginxConf.matchAll(/^\s*server ([\w.-]+):(\d+)/gm)]
      .map((m) => `${m[1]}:${m[2]}`)
      .filter((upstream) => upstream.endsWith(`:${inside}`));
    expect(upstreams).toEqual(REPLICAS.map((name) => `${name}:${env(name)['PLATFORM_PORT']}`));
  });

  it('streams events through the balancer unbuffered, passes the Host the platform checks, and never resends a POST', () => {
    expect(nginxConf).toMatch(/proxy_buffering off;/);
    expect(nginxConf).toMatch(/proxy_set_header Host \$http_host;/);
    expect(nginxConf).toMatch(/proxy_read_timeout 1h;/);
    expect(nginxConf).not.toMatch(/non_idempotent/);
  });

  it('points the team shell and merchant at the balancer, and publishes every team port on 127.0.0.1 apart from the solo ones', () => {
    expect(env('team-shell')['SHELL_PLATFORM_URL']).toBe('http://lb:7701');
    expect(env('team-merchant')['MERCHANT_GATEWAY_URL']).toBe('http://lb:7701');
    // The control and wallet APIs answer only their own host names (DNS rebinding): lb is one.
    expect(COMPOSE_SERVICE_NAMES).toContain('lb');
    expect(env('team-merchant')['MERCHANT_ALLOWED_ORIGINS']).toBe(
      `http://127.0.0.1:${env('team-mini-program')['MINI_PROGRAM_PORT']}`,
    );
    expect(env('team-mini-program')['MERCHANT_PORT']).toBe(env('team-merchant')['MERCHANT_PORT']);
    for (const name of REPLICAS)
      expect(env(name)['MINI_PROGRAM_PORT'], name).toBe(
        env('team-mini-program')['MINI_PROGRAM_PORT'],
      );
    const solo = Object.entries(compose.services)
      .filter(([, s]) => !s.profiles)
      .flatMap(([name]) => published(name).map((p) => p.outside));
    const team = ['lb', 'team-shell', 'team-merchant', 'team-mini-program'].flatMap((name) =>
      published(name),
    );
    for (const port of team) {
      expect(port.host).toBe('127.0.0.1');
      expect(solo).not.toContain(port.outside);
    }
    // The shell proves it is the shell with the secret the replicas keep in the shared volume.
    const volumeOf = (name: string) => (service(name).volumes ?? [])[0]!.split(':')[0];
    for (const name of [...REPLICAS, 'team-shell', 'team-merchant'])
      expect(volumeOf(name), name).toBe('team-data');
  });
});

describe('docker-compose.yml, team profile: the addresses in answers and the HTTPS gateway', () => {
  /** The balancer's published address for the port nginx listens on inside its container. */
  const balancerAt = (inside: number) => {
    const port = published('lb').find((p) => p.inside === inside);
    if (!port) throw new Error(`lb publishes nothing for its port ${inside}`);
    return `${port.host}:${port.outside}`;
  };
  const listens = [...nginxConf.matchAll(/^\s*listen (\d+);/gm)].map((m) => Number(m[1]));

  it("builds the URLs in answers from the balancer's published addresses, not a replica's", () => {
    const [http, https] = listens;
    for (const name of REPLICAS) {
      const options = platformOptionsFromEnv(replicaEnv(name));
      expect(options.publicUrl, name).toBe(`http://${balancerAt(http!)}`);
      expect(options.publicTlsUrl, name).toBe(`https://${balancerAt(https!)}`);
    }
  });

  it("passes the HTTPS gateway through to each replica's HTTPS port, whose certificate names the balancer", () => {
    const tlsUpstreams = [...nginxConf.matchAll(/^\s*server ([\w.-]+):(\d+)/gm)]
      .filter((m) => Number(m[2]) !== Number(env('platform-1')['PLATFORM_PORT']))
      .map((m) => `${m[1]}:${m[2]}`);
    expect(tlsUpstreams).toEqual(
      REPLICAS.map((name) => `${name}:${env(name)['PLATFORM_TLS_PORT']}`),
    );
    expect(listens).toContain(Number(env('platform-1')['PLATFORM_TLS_PORT']));
    for (const name of REPLICAS) {
      const { tls } = platformOptionsFromEnv(replicaEnv(name));
      expect(tls, name).toBeDefined();
      // Outside, merchants dial https://127.0.0.1:7724 (the certificate's names: the live test).
      expect(tls!.hostNames).toContain(new URL(env(name)['PLATFORM_PUBLIC_TLS_URL']!).hostname);
    }
  });

  it('refuses to start on a public URL that is not an origin of the right scheme', () => {
    for (const [name, value] of [
      ['PLATFORM_PUBLIC_URL', 'http://127.0.0.1:7721/platform'] as const,
      ['PLATFORM_PUBLIC_URL', 'https://127.0.0.1:7721'],
      ['PLATFORM_PUBLIC_URL', '127.0.0.1:7721'],
      ['PLATFORM_PUBLIC_TLS_URL', 'http://127.0.0.1:7724'],
    ])
      expect(() => platformOptionsFromEnv({ ...replicaEnv('platform-1'), [name]: value })).toThrow(
        `${name}=${value} must be an origin such as`,
      );
    const trailing = platformOptionsFromEnv({
      ...replicaEnv('platform-1'),
      PLATFORM_PUBLIC_URL: 'http://Sandbox.Example:7721/',
    });
    expect(trailing.publicUrl).toBe('http://sandbox.example:7721');
    expect(trailing.access?.hostNames, 'its host is one of the sandbox names').toContain(
      'sandbox.example',
    );
  });

  it("lets the team shell's /platform proxy through: the Origin it passes is the replicas' own shell", () => {
    const shellOrigin = `http://127.0.0.1:${env('team-shell')['SHELL_PORT']}`;
    for (const name of REPLICAS)
      expect(platformOptionsFromEnv(replicaEnv(name)).access?.shellOrigins, name).toContain(
        shellOrigin,
      );
  });
});

describe('docker-compose.yml, team profile, for a team on other machines (SANDBOX_TEAM_HOST, SANDBOX_TEAM_PUBLISH)', () => {
  const TEAM_HOST = 'sandbox.example.lan';
  const shared = readCompose<Compose>({
    SANDBOX_TEAM_HOST: TEAM_HOST,
    SANDBOX_TEAM_PUBLISH: '0.0.0.0',
  });
  const envOf = (name: string) => {
    const found = shared.services[name]?.environment;
    if (!found) throw new Error(`docker-compose.yml has no environment for ${name}`);
    return found;
  };
  const replica = (name: string) =>
    platformOptionsFromEnv({ ...replicaEnv(name), ...envOf(name) } as Record<string, string>);
  const at = (port: string | undefined) => `http://${TEAM_HOST}:${port}`;

  it('publishes every team port on the given address, and the solo ones still on 127.0.0.1', () => {
    for (const name of ['lb', 'team-shell', 'team-merchant', 'team-mini-program'])
      for (const port of shared.services[name]!.ports ?? [])
        expect(port.split(':')[0], `${name}: ${port}`).toBe('0.0.0.0');
    for (const [name, s] of Object.entries(shared.services).filter(([, s]) => !s.profiles))
      for (const port of s.ports ?? [])
        expect(port.split(':')[0], `${name}: ${port}`).toBe('127.0.0.1');
  });

  it("names the team host in every URL a teammate's browser or merchant is given", () => {
    const shellOrigin = at(envOf('team-shell')['SHELL_PORT']);
    const miniProgram = at(envOf('team-mini-program')['MINI_PROGRAM_PORT']);
    for (const name of REPLICAS) {
      const options = replica(name);
      expect(options.publicUrl, name).toBe(`http://${TEAM_HOST}:7721`);
      expect(options.publicTlsUrl, name).toBe(`https://${TEAM_HOST}:7724`);
      expect(options.tls?.hostNames, 'the HTTPS certificate names it').toContain(TEAM_HOST);
      expect(options.access?.hostNames, 'a Host the replicas answer').toContain(TEAM_HOST);
      expect(options.access?.shellOrigins, "the team shell's Origin").toContain(shellOrigin);
      for (const app of options.seed.apps)
        expect(new URL(app.url).origin, app.appId).toBe(miniProgram);
    }
    const shell = createShellProxy(envOf('team-shell'), {
      dataDir: join(tmpdir(), 'team-test-unused'),
    });
    expect(shell.policy.hostNames).toContain(TEAM_HOST);
    expect(shell.policy.shellOrigins).toContain(shellOrigin);
    expect(shell.target).toBe('http://lb:7701');
    const merchant = merchantOptionsFromEnv(envOf('team-merchant'));
    expect(merchant.allowedOrigins).toContain(miniProgram);
    expect(merchant.gatewayUrl).toBe('http://lb:7701');
    const { urls, bindHost } = sandboxAddresses(envOf('team-mini-program'));
    expect(urls.merchant, "the mini program's page calls the merchant there").toBe(
      at(envOf('team-merchant')['MERCHANT_PORT']),
    );
    expect(bindHost).toBe('0.0.0.0');
  });
});

/** A replica's compose environment as this machine can run it (the token and the config file). */
function replicaEnv(name: string): Record<string, string> {
  return {
    ...env(name),
    SANDBOX_CONTROL_TOKEN: 'a-team-token',
    SANDBOX_CONFIG: resolve(REPO_ROOT, 'sandbox.config.json'),
    SANDBOX_DATA_DIR: join(tmpdir(), 'team-test-unused'),
  };
}

describe('team/nginx.conf under a real nginx', () => {
  // CI installs nginx: there a missing nginx is a failure, not a skip.
  it.skipIf(!hasNginx && !process.env['CI'])(
    'passes nginx -t (service names replaced by loopback addresses)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'pg-nginx-'));
      try {
        const file = join(dir, 'nginx.conf');
        writeFileSync(
          file,
          loopbackNginxConf(nginxConf, {
            listen: { 7701: 65534, 7704: 65535 },
            upstreams: { 7701: [1, 2, 3], 7704: [4, 5, 6] },
            dir,
          }),
        );
        const run = spawnSync('nginx', ['-t', '-p', dir, '-c', file], { encoding: 'utf8' });
        expect(run.stderr).toContain('test is successful');
        expect(run.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

/**
 * The team profile as it runs: three replica processes on a PostgreSQL started here, each with
 * the compose file's public URLs pointed at the balancer's loopback ports, behind team/nginx.conf.
 * A merchant outside reaches them only through nginx, over HTTPS trusting only the sandbox's CA.
 */
describe.skipIf(!hasNginx && !process.env['CI'])('three replicas behind team/nginx.conf', () => {
  const TOKEN = 'team-test-token';
  let postgres: PostgresServer | undefined;
  let replicas: Replica[] = [];
  let balancer: RunningNginx | undefined;
  let dir: string;
  let httpUrl: string;
  let httpsUrl: string;
  let ca: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'team-test-'));
    postgres = await startPostgres();
    // The balancer's ports first: the replicas build their answers' URLs from them.
    const listen = { 7701: await freePort(), 7704: await freePort() };
    httpUrl = `http://127.0.0.1:${listen[7701]}`;
    httpsUrl = `https://127.0.0.1:${listen[7704]}`;
    const compose = env('platform-1');
    replicas = await startReplicas(3, {
      databaseUrl: await postgres.createDatabase('team'),
      controlToken: TOKEN,
      seed: testSeed(),
      dir,
      env: {
        PLATFORM_TLS_PORT: '0',
        // The compose file's values, on this test's ports.
        PLATFORM_PUBLIC_URL: compose['PLATFORM_PUBLIC_URL']!.replace(/:\d+$/, `:${listen[7701]}`),
        PLATFORM_PUBLIC_TLS_URL: compose['PLATFORM_PUBLIC_TLS_URL']!.replace(
          /:\d+$/,
          `:${listen[7704]}`,
        ),
      },
    });
    const port = (url: string | undefined) => Number(new URL(url!).port);
    balancer = await startNginx(
      {
        7701: replicas.map((r) => port(r.url)),
        7704: replicas.map((r) => port(r.tlsUrl)),
      },
      listen,
    );
    // What a merchant is told to trust: the CA file in (any) replica's data folder.
    ca = readFileSync(join(dir, 'replica-1', 'tls', 'ca.pem'), 'utf8');
  }, 180_000);

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(replicas.map((r) => r.stop()));
    await postgres?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("lists the balancer's HTTP and HTTPS addresses as the OpenAPI document's servers, whichever replica answers", async () => {
    for (let i = 0; i < replicas.length * 2; i++) {
      const doc = (await (await fetch(`${httpUrl}${CONTROL_PATHS.openApi}`)).json()) as {
        servers: Array<{ url: string }>;
      };
      const origins = new Set(doc.servers.map((server) => new URL(server.url).origin));
      expect([...origins].sort()).toEqual([httpUrl, httpsUrl].sort());
    }
  });

  it('answers a signed merchant over HTTPS through the balancer from all three replicas, trusting only the sandbox CA, with avatar URLs that load through the balancer', async () => {
    const served = new Map<string, string>();
    const client = createOpenApiClient({
      gatewayUrl: httpsUrl,
      clientId: TEST_CLIENT_ID,
      privateKey: testKeys().merchant.privateKey,
      platformPublicKey: (
        (await (await fetch(`${httpUrl}${CONTROL_PATHS.platformKey}`)).json()) as {
          publicKey: string;
        }
      ).publicKey,
      fetch: fetchTrusting(ca, served),
    });
    // Round robin per connection, and each call its own connection: six calls reach every replica.
    for (let i = 0; i < 6; i++) {
      const answer = await client.applyToken({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        grantType: 'AUTHORIZATION_CODE',
        authCode: await issueCode(),
      });
      expect(answer.result.resultStatus).toBe('S');
      const { userInfo } = await client.inquiryUserInfo({
        appId: TEST_APP_ID,
        authClientId: TEST_CLIENT_ID,
        accessToken: answer.accessToken!,
      });
      const avatar = new URL(userInfo!.avatar!);
      expect(avatar.origin, 'the avatar is at the balancer, not a replica').toBe(httpUrl);
      // As a mini program's <img> on another port of the same host asks for it: no token.
      const image = await fetch(avatar, { headers: { 'Sec-Fetch-Site': 'same-site' } });
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    }
    // Three replicas, three server certificates, one CA; each names the balancer as merchants
    // dial it, outside (127.0.0.1) and in the compose network (lb).
    expect(served.size).toBe(3);
    for (const names of served.values()) {
      expect(names).toContain('IP Address:127.0.0.1');
      expect(names).toContain('DNS:lb');
    }
  }, 120_000);

  it('is refused over HTTPS by a client that does not trust the sandbox CA', async () => {
    await expect(
      fetchTrusting(undefined, new Map())(`${httpsUrl}${CONTROL_PATHS.health}`),
    ).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  async function issueCode(): Promise<string> {
    const control = controlApi(sandboxHttp({ baseUrl: httpUrl, token: TOKEN }));
    const issued = await control.issueAuthCode({
      appId: TEST_APP_ID,
      userId: 'ana',
      scopes: ['auth_user'],
      applyRules: false,
    });
    return issued.authCode;
  }
});

/**
 * `fetch` over node:https trusting only `ca` (a merchant given the sandbox's CA file), a new
 * connection per call (so a balancer's round robin moves on), noting each server certificate that
 * answered (fingerprint: names) in `served`.
 */
function fetchTrusting(ca: string | undefined, served: Map<string, string>): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolveAnswer, reject) => {
      const req = httpsRequest(
        String(input),
        {
          method: init?.method ?? 'GET',
          headers: Object.fromEntries(new Headers(init?.headers).entries()),
          agent: false,
          ...(ca !== undefined && { ca }),
        },
        (res) => {
          const cert = (res.socket as TLSSocket).getPeerCertificate();
          served.set(cert.fingerprint256, cert.subjectaltname ?? '');
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers))
              for (const one of ([] as string[]).concat(value ?? [])) headers.append(name, one);
            resolveAnswer(
              new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers }),
            );
          });
        },
      );
      req.on('error', reject);
      req.end(typeof init?.body === 'string' ? init.body : undefined);
    });
}
