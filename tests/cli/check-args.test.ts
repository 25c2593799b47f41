/**
 * A plain `dupgraf check` is read without yargs (src/cli/check-args.ts): for every argument list
 * it takes, it must give exactly what yargs gives (same keys, same values); everything else is
 * left to yargs (it answers `undefined`).
 */
import { describe, expect, test } from '@jest/globals';
import { commandOf, loadBuilders, normalizeArgs } from '../../src/cli/args.js';
import { quickCheckArgs } from '../../src/cli/check-args.js';
import { buildParser } from '../../src/cli/parser.js';

/** What yargs gives for `args` (after normalizeArgs): the parsed arguments, or its error. */
async function yargsArgv(args: string[]): Promise<Record<string, unknown> | string> {
  const builders = await loadBuilders([commandOf(args)]);
  return new Promise((resolve) => {
    buildParser(args, 100, builders).parse(args, {}, (error, argv, output) => {
      if (error) resolve(`error: ${error.message}`);
      else if (output) resolve(`output: ${output.slice(0, 40)}`);
      else resolve(argv as Record<string, unknown>);
    });
  });
}

/** Argument lists the quick reader takes (the forms pre-commit hooks and CI steps use). */
const TAKEN: string[][] = [
  ['check'],
  ['check', 'news'],
  ['check', 'news/a.txt', 'news/b.md', '5', 'true'],
  ['check', 'news', '--index', 'archive.db'],
  ['check', '--index=archive.db', 'news'],
  ['check', 'news', '--index', 'postgres://u@h/db'],
  ['check', 'news', '--against', 'archive', 'more', '--index', 'a.db'],
  ['check', '--against', 'archive', '-q', 'news'],
  ['check', 'news', '-f', 'json'],
  ['check', 'news', '--format', 'sarif:out.sarif', '-o', 'report.txt'],
  ['check', 'news', '--format=github'],
  ['check', 'news', '--output=r.txt', '--config=cfg.json'],
  ['check', 'news', '-c', 'dupgraf.config.json'],
  ['check', 'news', '--baseline', 'dupgraf.baseline'],
  ['check', 'news', '--no-baseline'],
  ['check', 'news', '--approved', 'approved.yaml'],
  ['check', '--changed-since', 'origin/main', '-f', 'github'],
  ['check', 'news', '--quiet', '--strict', '--no-ignore'],
  ['check', 'news', '--ignore', '--no-strict', '--no-quiet'],
  ['check', 'news', '--color', '--progress'],
  ['check', 'news', '--no-color', '--no-progress'],
  ['check', 'news', '--index', 'true', '--baseline', 'false'],
  ['check', 'Nachrichten/ä ö.txt', '--index', 'archiv e.db'],
];

/** Argument lists left to yargs. */
const LEFT: string[][] = [
  ['check', '--help'],
  ['check', '-h'],
  ['check', '--version'],
  ['check', 'news', '--threshold', '0.8'],
  ['check', 'news', '--bogus'],
  ['check', 'news', '--index'],
  ['check', 'news', '--index', '--quiet'],
  ['check', 'news', '--index='],
  ['check', 'news', '--index', 'a.db', '--index', 'b.db'],
  ['check', 'news', '-f', 'json', '-f', 'sarif:s.sarif'],
  ['check', 'news', '--quiet', 'true'],
  ['check', 'news', '--quiet=false'],
  ['check', 'news', '-qf', 'json'],
  ['check', 'news', '-f=json'],
  ['check', 'news', '--against'],
  ['check', 'news', '--against=archive'],
  ['check', 'news', '--no-index'],
  ['check', 'news', '--', '--odd-name.txt'],
  ['check', '-'],
  ['check', 'news', '--print-config'],
  ['check', 'news', '--update-baseline'],
  ['check', 'news', '--max-boilerplate-share', '50%'],
  ['check', 'news', '--ext', 'txt'],
  ['check', 'news', '--constructor', 'x'],
  ['--quiet', 'check', 'news'],
  ['scan', 'news'],
  ['baseline', 'news'],
  [],
];

describe('quickCheckArgs', () => {
  for (const args of TAKEN)
    test(`reads \`${args.join(' ')}\` as yargs does`, async () => {
      const normalized = normalizeArgs(args);
      const quick = quickCheckArgs(normalized);
      expect(quick).toBeDefined();
      expect(quick).toEqual(await yargsArgv(normalized));
    });

  test('leaves every other form to yargs', () => {
    for (const args of LEFT)
      expect([args.join(' '), quickCheckArgs(normalizeArgs(args))]).toEqual([
        args.join(' '),
        undefined,
      ]);
  });
});
