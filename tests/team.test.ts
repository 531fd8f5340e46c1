/**
 * The team profile of docker-compose.yml (`docker compose --profile team up`) and its load
 * balancer's config (team/nginx.conf), checked without a Docker engine: the services, their
 * profile, ports, environment, dependencies and health checks; the nginx upstreams against the
 * replicas; and `nginx -t` on the config (CI installs nginx; elsewhere the check is skipped when
 * nginx is missing). apps/platform/src/store/replicas.test.ts runs the same config in front of
 * three real replicas.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_SERVICE_NAMES } from '@mp-sandbox/protocol';

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
const compose = parse(read('docker-compose.yml')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
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
    const upstreams = [...nginxConf.matchAll(/^\s*server ([\w.-]+):(\d+)/gm)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
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

const nginx = spawnSync('nginx', ['-v'], { encoding: 'utf8' });
const hasNginx = !nginx.error && nginx.status === 0;

describe('team/nginx.conf under a real nginx', () => {
  // CI installs nginx: there a missing nginx is a failure, not a skip.
  it.skipIf(!hasNginx && !process.env['CI'])(
    'passes nginx -t (service names replaced by loopback addresses)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'pg-nginx-'));
      try {
        const file = join(dir, 'nginx.conf');
        writeFileSync(file, loopbackNginxConf(nginxConf, { listen: 0, replicas: [1, 2, 3], dir }));
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
 * team/nginx.conf for loopback: the replicas at 127.0.0.1:<port>, the balancer on `listen`, its
 * pid and temporary files in `dir` (so it runs as any user, beside other nginx instances).
 */
function loopbackNginxConf(
  conf: string,
  { listen, replicas, dir }: { listen: number; replicas: number[]; dir: string },
): string {
  let next = 0;
  return conf
    .replace(
      /^(\s*server )[\w.-]+:\d+/gm,
      (_m, lead: string) => `${lead}127.0.0.1:${replicas[next++]}`,
    )
    .replace(/listen \d+;/, `listen 127.0.0.1:${listen || 65535};`)
    .replace(/^pid .*;$/m, `pid ${dir}/nginx.pid;`)
    .replace(
      /http \{/,
      `http {\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;`,
    );
}
