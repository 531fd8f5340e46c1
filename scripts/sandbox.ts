/**
 * `npm run sandbox`: starts the four parts with labelled, coloured output, waits until each one
 * answers, and prints where they are.
 */
import concurrently from 'concurrently';
import { PORT_VARIABLES, sandboxAddresses, type SandboxPart } from '@mp-sandbox/protocol';

const { urls } = sandboxAddresses(process.env);
const watch = !process.argv.includes('--no-watch');
const script = watch ? 'dev' : 'start';

const PARTS: Array<{ part: SandboxPart; workspace: string; color: string; probe: string }> = [
  { part: 'platform', workspace: '@mp-sandbox/platform', color: 'magenta', probe: '/sandbox/v1/health' },
  { part: 'merchant', workspace: '@mp-sandbox/merchant', color: 'yellow', probe: '/healthz' },
  { part: 'miniProgram', workspace: '@mp-sandbox/mini-program', color: 'green', probe: '/' },
  { part: 'shell', workspace: '@mp-sandbox/shell', color: 'cyan', probe: '/' },
];

const started = Date.now();
const { result, commands } = concurrently(
  PARTS.map(({ part, workspace, color }) => ({
    name: part === 'miniProgram' ? 'mini-program' : part,
    command: `npm run ${script} --silent -w ${workspace}`,
    prefixColor: color,
  })),
  { killOthersOn: ['failure'], prefix: '[{name}]', padPrefix: true },
);

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function announceWhenReady(): Promise<void> {
  const pending = new Set(PARTS);
  while (pending.size > 0) {
    for (const p of [...pending]) if (await answers(urls[p.part] + p.probe)) pending.delete(p);
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 150));
    if (Date.now() - started > 60_000) {
      const names = [...pending].map((p) => `${p.part} (${urls[p.part]}, ${PORT_VARIABLES[p.part]})`).join(', ');
      console.error(`\nsandbox: still waiting for ${names}; see its log above.`);
      return;
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const row = (label: string, url: string, note = '') => `    ${label.padEnd(18)}${url.padEnd(26)}${note}`;
  console.log(
    [
      '',
      `  Mini program auth sandbox is ready (${seconds} s)`,
      '',
      row('Wallet shell', urls.shell, 'open this in a browser'),
      row('Platform gateway', urls.platform, 'give this to a merchant server as the gateway URL'),
      row('Control API', `${urls.platform}/sandbox/v1`, ''),
      row('Sample merchant', urls.merchant),
      row('Sample mini prog', urls.miniProgram),
      '',
      '  Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
}

void announceWhenReady();
result.then(
  () => process.exit(0),
  () => {
    if (commands.some((c) => c.exited && c.state === 'exited')) process.exit(1);
  },
);
