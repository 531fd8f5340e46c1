#!/usr/bin/env node
// `npx mp-sandbox [sandbox] [options]` starts the sandbox (scripts/sandbox.ts); `npx mp-sandbox keys …`
// runs the key command (scripts/keys.ts). Both are TypeScript, run with tsx in a child process that
// gets the signals this process gets and whose exit code this process ends with.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COMMANDS = { sandbox: 'scripts/sandbox.ts', keys: 'scripts/keys.ts' };

const USAGE = `Usage: mp-sandbox [sandbox] [options]      start the sandbox (the default command)
       mp-sandbox keys <command> [options]   make and register merchant keys

  mp-sandbox --config my.config.json --no-samples   the platform and wallet shell for your own apps
  mp-sandbox keys create <clientId> --config my.config.json
  mp-sandbox keys show-platform

  mp-sandbox sandbox --help and mp-sandbox keys --help list every option.`;

const argv = process.argv.slice(2);
const first = argv[0];
if (first === undefined ? false : ['-h', '--help', 'help'].includes(first)) {
  console.log(USAGE);
  process.exit(0);
}
const command = first !== undefined && Object.hasOwn(COMMANDS, first) ? first : 'sandbox';
const rest = command === first ? argv.slice(1) : argv;
if (first !== undefined && !first.startsWith('-') && command !== first) {
  console.error(`mp-sandbox: unknown command "${first}"\n\n${USAGE}`);
  process.exit(1);
}

// tsx is found from this package, whatever the working folder is.
const tsx = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--import', tsx, join(root, COMMANDS[command]), ...rest], {
  stdio: 'inherit',
});

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of SIGNALS) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (error) => {
  console.error(`mp-sandbox: could not start ${COMMANDS[command]}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) process.exit(128 + (constants.signals[signal] ?? 1));
  process.exit(code ?? 1);
});
