/**
 * `mp-sandbox [sandbox] [options]` starts the sandbox; `mp-sandbox keys …` runs the key command.
 * The published launcher's entry: the two commands are bundled beside it (build.ts) from
 * scripts/sandbox.ts and scripts/keys.ts, and each reads its options from process.argv.
 */
const USAGE = `Usage: mp-sandbox [sandbox] [options]      start the sandbox (the default command)
       mp-sandbox keys <command> [options]   make and register merchant keys

  mp-sandbox --config sandbox.config.json --no-samples   the platform and wallet shell for your own apps
  mp-sandbox keys create <clientId> --config sandbox.config.json
  mp-sandbox keys show-platform

  mp-sandbox sandbox --help and mp-sandbox keys --help list every option.
  Run it as \`npx --no-install mp-sandbox\` (or \`npm exec --no -- mp-sandbox\`): never let npx fetch
  a package by that name from the registry.`;

const COMMANDS = { sandbox: './sandbox.js', keys: './keys.js' } as const;

const argv = process.argv.slice(2);
const first = argv[0];
if (first !== undefined && ['-h', '--help', 'help'].includes(first)) {
  console.log(USAGE);
  process.exit(0);
}
if (first === '--version' || first === '-v') {
  const { createRequire } = await import('node:module');
  console.log((createRequire(import.meta.url)('../package.json') as { version: string }).version);
  process.exit(0);
}
const command = first === 'keys' || first === 'sandbox' ? first : 'sandbox';
if (first !== undefined && !first.startsWith('-') && command !== first) {
  console.error(`mp-sandbox: unknown command "${first}"\n\n${USAGE}`);
  process.exit(1);
}
// Paths on the command line are the caller's: scripts/lib/callerCwd.ts moves to npm's INIT_CWD only
// inside this repository's own `npm run sandbox`, never under a user's script of the same name.
delete process.env['npm_lifecycle_event'];
// The command parses process.argv itself, as when it is run on its own.
process.argv = [process.argv[0]!, process.argv[1]!, ...(command === first ? argv.slice(1) : argv)];
await import(new URL(COMMANDS[command], import.meta.url).href);
