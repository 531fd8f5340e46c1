/**
 * The formatter (`npm run format`, Prettier) takes its width, indentation and line endings from
 * .editorconfig, the file editors read, so the two can never disagree; .prettierrc.json adds only
 * what .editorconfig cannot say (quotes, commas). This reads the settings Prettier resolves for a
 * source file and formats a sample with them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** `key = value` lines of the `[*]` section of .editorconfig. */
function editorconfig(): Record<string, string> {
  const text = readFileSync(resolve(root, '.editorconfig'), 'utf8');
  const entries = text.split('\n').flatMap((line) => {
    const match = /^\s*([a-z_]+)\s*=\s*(\S+)\s*$/.exec(line);
    return match ? [[match[1]!, match[2]!] as const] : [];
  });
  return Object.fromEntries(entries);
}

describe('npm run format follows .editorconfig', () => {
  it('resolves the width, indentation and line endings of .editorconfig', async () => {
    const editor = editorconfig();
    const file = resolve(root, 'packages/protocol/src/index.ts');
    const options = await prettier.resolveConfig(file, { editorconfig: true });
    expect(options).toMatchObject({
      printWidth: Number(editor['max_line_length']),
      tabWidth: Number(editor['indent_size']),
      useTabs: editor['indent_style'] === 'tab',
      endOfLine: editor['end_of_line'],
      singleQuote: true,
      trailingComma: 'all',
    });
  });

  it('wraps a line past 100 columns and keeps single quotes and trailing commas', async () => {
    const file = resolve(root, 'packages/protocol/src/sample.ts');
    const options = {
      ...(await prettier.resolveConfig(file, { editorconfig: true })),
      filepath: file,
    };
    const long =
      'export const sample = { first: "a value of some length", ' +
      'second: "another longer value", third: 3, fourth: 4 };\n';
    const formatted = await prettier.format(long, options);
    expect(formatted).toBe(
      [
        'export const sample = {',
        "  first: 'a value of some length',",
        "  second: 'another longer value',",
        '  third: 3,',
        '  fourth: 4,',
        '};',
        '',
      ].join('\n'),
    );
    for (const line of formatted.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('leaves out what tools write and the hand-written prose', async () => {
    const ignored = async (path: string) =>
      (
        await prettier.getFileInfo(resolve(root, path), {
          ignorePath: resolve(root, '.prettierignore'),
        })
      ).ignored;
    expect(await ignored('package-lock.json')).toBe(true);
    expect(await ignored('sandbox.config.schema.json')).toBe(true);
    expect(await ignored('README.md')).toBe(true);
    expect(await ignored('packages/protocol/src/index.ts')).toBe(false);
  });
});
