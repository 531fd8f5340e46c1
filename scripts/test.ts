/**
 * `npm test`: typecheck, lint (the import floors), unit and integration tests (vitest), then the
 * end-to-end suite (Playwright, whole stack in Chromium). Every step runs even when an earlier one
 * fails, and the run ends with one "N passed, N failed" line counting every test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const unitReport = resolve(root, 'test-results/unit.json');
const e2eReport = resolve(root, 'e2e/test-results/results.json');
const extra = process.argv.slice(2);

function run(title: string, command: string, args: string[]): boolean {
  console.log(`\n── ${title} ──`);
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return status === 0;
}

mkdirSync(resolve(root, 'test-results'), { recursive: true });
for (const report of [unitReport, e2eReport]) rmSync(report, { force: true });

const typecheck = run('typecheck', 'npm', ['run', 'typecheck', '--silent']);
const lint = run('lint (eslint, prettier)', 'npm', ['run', 'lint', '--silent']);
const unit = run('unit and integration tests (vitest)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${unitReport}`,
]);
const e2e = run('end-to-end tests (Playwright, Chromium)', 'npx', [
  'playwright',
  'test',
  '-c',
  'e2e',
  ...extra,
]);

let passed = 0;
let failed = 0;
if (existsSync(unitReport)) {
  const report = JSON.parse(readFileSync(unitReport, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
  };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
} else failed += 1;
if (existsSync(e2eReport)) {
  const { stats } = JSON.parse(readFileSync(e2eReport, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number };
  };
  passed += stats.expected;
  failed += stats.unexpected + stats.flaky;
} else failed += 1;
if (!typecheck) failed += 1;
if (!lint) failed += 1;

console.log(
  `\ntypecheck ${typecheck ? 'ok' : 'FAILED'}, lint ${lint ? 'ok' : 'FAILED'}, vitest ${unit ? 'ok' : 'FAILED'}, playwright ${e2e ? 'ok' : 'FAILED'}`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(typecheck && lint && unit && e2e && failed === 0 ? 0 : 1);
