/**
 * The wallet's home drawn by the launcher's server (apps/shell/server/homePage.ts, the shell's
 * server build src/ssr/renderHome.tsx): the launcher's own parts (startProductionParts: the
 * platform and the shell's production build) on free ports of 127.0.0.1, in team mode (a control
 * token), read as plain HTML with no script run. Then the fallbacks: a platform that is down or
 * does not answer gets the plain page the browser draws itself.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@mp-sandbox/playwright';
import { CONTROL_PATHS } from '@mp-sandbox/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHomePage } from '../apps/shell/server/homePage.js';
import { ensureFreshBuilds } from '../scripts/lib/freshBuilds.js';
import { buildLayout, startProductionParts, type RunningParts } from '../scripts/lib/production.js';
import { startStaticSite, type RunningSite } from '../scripts/lib/staticServer.js';

const TOKEN = 'team-token-for-the-home-page-test';
const dir = mkdtempSync(join(tmpdir(), 'shell-home-'));
let running: RunningParts;
let shellUrl: string;
let platformUrl: string;

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ res: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const page = (path: string, acceptLanguage = 'en-US,en;q=0.9') =>
  get(`${shellUrl}${path}`, { 'Accept-Language': acceptLanguage });

async function platform<T>(path: string): Promise<T> {
  const { res, body } = await get(`${platformUrl}${path}`, { Authorization: `Bearer ${TOKEN}` });
  expect(res.statusCode).toBe(200);
  return JSON.parse(body) as T;
}

/** The answers the page carries for the browser's queries. */
function embedded(html: string): Record<string, unknown> & {
  persona: string;
  language: { language: string; formatLocale: string };
  amounts?: Record<string, string>;
} {
  const json = /<script>window\["__mpSandboxHome"\]=(.*?);<\/script>/.exec(html)?.[1];
  expect(json, 'the page carries the answers it was drawn from').toBeDefined();
  return JSON.parse(json!);
}

/** The root as the server sent it (nothing drawn: the browser draws it). */
const rootOf = (html: string) =>
  /<div id="root">([\s\S]*?)<\/div>\s*(<script>|<\/body>)/.exec(html)?.[1];

beforeAll(async () => {
  // The launcher rebuilds a shell older than its sources; so does this test, so it tests the source.
  ensureFreshBuilds(['shell'], () => {});
  const config = join(dir, 'sandbox.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      apps: [],
      clients: [],
      personas: [
        { id: 'sofia', nickName: 'Sofi', firstName: 'Sofía', lastName: 'Ruiz', language: 'es' },
      ],
    }),
  );
  const env = {
    SHELL_PORT: String(await freePort()),
    PLATFORM_PORT: String(await freePort()),
    PLATFORM_TLS_PORT: String(await freePort()),
    SANDBOX_DATA_DIR: join(dir, 'data'),
    SANDBOX_CONFIG: config,
    SANDBOX_CONTROL_TOKEN: TOKEN,
    // This test reads what is drawn, not how fast: a busy machine must not make it the plain page.
    SANDBOX_SHELL_RENDER_TIMEOUT_MS: '10000',
  };
  running = await startProductionParts(['platform', 'shell'], env);
  shellUrl = running.urls.shell!;
  platformUrl = running.urls.platform!;
}, 240_000);

afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the wallet's home, drawn by the launcher", () => {
  it("draws the heading and the first persona's name into the page, and embeds the platform's answers", async () => {
    const { res, body } = await page('/');
    expect(res.statusCode).toBe(200);
    // Drawn for this request: never revalidated into an old render.
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers.vary).toMatch(/Accept-Language/);

    const [apps, personas, wallets] = await Promise.all([
      platform<{ apps: unknown[] }>(CONTROL_PATHS.apps),
      platform<{ personas: Array<{ id: string; firstName: string; lastName: string }> }>(
        CONTROL_PATHS.personas,
      ),
      platform<unknown>(CONTROL_PATHS.wallets),
    ]);
    const first = personas.personas[0]!;
    expect(body).toMatch(/<h1 id="mini-programs-title"[^>]*>Mini programs<\/h1>/);
    expect(body).toContain(`>${first.firstName}`);
    expect(body).toContain('<html lang="en"');
    const state = embedded(body);
    expect(state).toMatchObject({ apps, personas, wallets, persona: first.id });
    expect(state.language).toEqual({ language: 'en', formatLocale: 'en-US' });
    // The balance as drawn, so that taking the page over makes no currency formatter.
    expect(body).toContain('>$1,284.50<');
    expect(Object.values(state.amounts ?? {})).toEqual(['$1,284.50']);
    // The avatar is drawn in the page: no SVG image to fetch before the first paint.
    expect(body).toMatch(/<svg[^>]*class="avatar"[^>]*>.*?>AL<\/text><\/svg>/);
    expect(body).not.toContain('/avatars/');
    // The early calls are not made: their answers are in the page.
    expect(body).not.toContain('__mpSandboxFirstCalls');
  });

  it("speaks the persona's language from the first byte, then the browser's, then English", async () => {
    const sofia = await page('/?persona=sofia');
    expect(sofia.body).toContain('<html lang="es"');
    expect(sofia.body).toMatch(/>Miniprogramas<\/h1>/);
    expect(sofia.body).toContain('Sofía Ruiz');
    expect(embedded(sofia.body)).toMatchObject({ persona: 'sofia', language: { language: 'es' } });

    // The first built-in persona has no language of its own: the browser's decides.
    const spanishBrowser = await page('/', 'fr-CH;q=0.5, es-MX, en;q=0.8');
    expect(spanishBrowser.body).toContain('<html lang="es"');
    expect(embedded(spanishBrowser.body).language).toEqual({
      language: 'es',
      formatLocale: 'es-MX',
    });
    const noneSpoken = await page('/', 'fr-CH, de');
    expect(noneSpoken.body).toContain('<html lang="en"');

    // ?lang= wins over the persona's.
    const chosen = await page('/?persona=sofia&lang=pt-BR');
    expect(chosen.body).toContain('<html lang="pt-BR"');
    expect(chosen.body).toContain('Sofía Ruiz');
  });

  it('draws the chosen phone and theme on <html>, and the theme for "system" before the body', async () => {
    const { body } = await page('/?device=pixel-8&theme=dark');
    const html = /<html[^>]*>/.exec(body)![0];
    expect(html).toContain('data-device="pixel-8"');
    expect(html).toContain('data-theme="dark"');
    expect(html).toMatch(/--screen-w: \d+px/);
    const system = await page('/');
    expect(/<html[^>]*>/.exec(system.body)![0]).not.toContain('data-theme');
    expect(system.body).toMatch(/<head><script>[^<]*prefers-color-scheme: dark/);
  });

  it('leaves other screens and links naming something unknown to the browser (the plain page)', async () => {
    for (const path of [
      '/?app=anything',
      '/?screen=authorizations',
      '/?lang=xx',
      '/?persona=nobody',
      '/?device=nokia',
    ]) {
      const { res, body } = await page(path);
      expect(res.statusCode, path).toBe(200);
      expect(rootOf(body), path).toBe('');
      expect(body, path).toContain('__mpSandboxFirstCalls');
      expect(body, path).not.toContain('__mpSandboxHome');
    }
  });
});

describe("the wallet's home when the platform cannot answer in time", () => {
  let silent: Server;
  const sites: RunningSite[] = [];

  beforeAll(async () => {
    // A platform that accepts the connection and never answers.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const site of sites) await site.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  async function shellInFrontOf(target: string): Promise<RunningSite> {
    const layout = buildLayout();
    const drawn = await createHomePage({
      serverBuild: layout.shellServer,
      proxy: { target, forwardedHeaders: () => ({}) },
      timeoutMs: 150,
    });
    expect(drawn, 'the shell has a server build').toBeDefined();
    const site = await startStaticSite({
      name: 'wallet shell',
      root: layout.shell,
      host: '127.0.0.1',
      port: 0,
      spa: true,
      page: drawn,
    });
    sites.push(site);
    return site;
  }

  it('serves the plain page when the platform is down, and when it does not answer', async () => {
    const plain = readFileSync(join(buildLayout().shell, 'index.html'), 'utf8');
    const down = await shellInFrontOf(`http://127.0.0.1:${await freePort()}`);
    const quiet = await shellInFrontOf(
      `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    );
    for (const site of [down, quiet]) {
      const { res, body } = await get(`${site.url}/`);
      expect(res.statusCode).toBe(200);
      expect(body).toBe(plain);
      expect(res.headers.etag).toBeUndefined();
    }
  });
});
