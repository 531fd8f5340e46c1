/**
 * The team profile's balancer (team/nginx.conf) on loopback, for tests: the same file, with the
 * compose service names replaced by 127.0.0.1 and the test's ports, its pid and temporary files in
 * a folder of its own (so it runs as any user, beside other nginx instances). Debian's nginx has
 * the `stream` module (the HTTPS passthrough) as a dynamic module (`libnginx-mod-stream`): it is
 * loaded when the binary says so; the nginx image of docker-compose.yml has it built in.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@mp-sandbox/playwright/freePort';

/** team/nginx.conf, as committed. */
export const TEAM_NGINX_CONF = fileURLToPath(
  new URL('../../../../team/nginx.conf', import.meta.url),
);

const version = spawnSync('nginx', ['-V'], { encoding: 'utf8' });
/** Whether an nginx binary is on the PATH. */
export const hasNginx = !version.error && version.status === 0;

/** `load_module` for the stream module when this nginx has it as a dynamic module. */
function streamModuleLine(): string {
  const flags = version.stderr ?? '';
  if (!/--with-stream=dynamic\b/.test(flags)) return '';
  const dir = /--modules-path=(\S+)/.exec(flags)?.[1] ?? '/usr/lib/nginx/modules';
  const file = join(dir, 'ngx_stream_module.so');
  if (!existsSync(file))
    throw new Error(
      `this nginx has the stream module (HTTPS passthrough) as a dynamic module, and ${file} is missing: apt-get install -y libnginx-mod-stream`,
    );
  return `load_module ${file};\n`;
}

export interface LoopbackNginx {
  /** For each port the committed file listens on (7701, 7704), the loopback port it listens on here. */
  listen: Record<number, number>;
  /** For each upstream port of the committed file (7701, 7704), the replicas' loopback ports in order. */
  upstreams: Record<number, number[]>;
  /** The folder for the pid and temporary files. */
  dir: string;
}

/**
 * The committed config for loopback. An upstream port the caller gives no replicas for points at a
 * port nothing listens on (that listener is not used by the caller: e.g. HTTPS when the replicas
 * serve none); every listener must be given a port.
 */
export function loopbackNginxConf(conf: string, { listen, upstreams, dir }: LoopbackNginx): string {
  const next: Record<number, number> = {};
  return (
    streamModuleLine() +
    conf
      .replace(/^(\s*server )[\w.-]+:(\d+)/gm, (_m, lead: string, port: string) => {
        const ports = upstreams[Number(port)] ?? [CLOSED_PORT];
        const index = next[Number(port)] ?? 0;
        next[Number(port)] = index + 1;
        return `${lead}127.0.0.1:${ports[index % ports.length]}`;
      })
      .replace(/^(\s*)listen (\d+);/gm, (_m, lead: string, port: string) => {
        const here = listen[Number(port)];
        if (here === undefined)
          throw new Error(`no loopback port given for nginx's listen ${port}`);
        return `${lead}listen 127.0.0.1:${here};`;
      })
      .replace(/^pid .*;$/m, `pid ${dir}/nginx.pid;`)
      .replace(
        /http \{/,
        `http {\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;`,
      )
  );
}

/** Port 9 (discard) on loopback: nothing listens there, so a connection is refused at once. */
const CLOSED_PORT = 9;

export interface RunningNginx {
  /** The loopback port of each listener, by its port in the committed file (7701: HTTP, 7704: HTTPS). */
  listen: Record<number, number>;
  stop(): Promise<void>;
}

/**
 * Runs team/nginx.conf in front of the replicas' ports (`upstreams`: e.g. `{ 7701: httpPorts,
 * 7704: httpsPorts }`) and resolves once it listens, each listener on the loopback port `listen`
 * gives it (chosen ahead when the replicas must know the balancer's address), else a free one.
 */
export async function startNginx(
  upstreams: Record<number, number[]>,
  given: Record<number, number> = {},
  conf = readFileSync(TEAM_NGINX_CONF, 'utf8'),
): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'team-nginx-'));
  const listen: Record<number, number> = {};
  for (const m of conf.matchAll(/^\s*listen (\d+);/gm))
    listen[Number(m[1])] = given[Number(m[1])] ?? (await freePort());
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, loopbackNginxConf(conf, { listen, upstreams, dir }));
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', file, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // nginx opens its listening sockets before it writes its pid file: the file says it is up.
  await new Promise<void>((resolve, reject) => {
    const pidFile = join(dir, 'nginx.pid');
    const watcher = watch(dir, () => existsSync(pidFile) && done());
    const done = (error?: Error) => {
      watcher.close();
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    };
    const onExit = () => done(new Error(`nginx exited at start:\n${stderr}`));
    child.once('exit', onExit);
    if (existsSync(pidFile)) done();
  }).catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    listen,
    async stop() {
      child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// tests/team.test.ts takes it from here, beside the balancer it gives ports to.
export { freePort } from '@mp-sandbox/playwright/freePort';
