/**
 * The message for yargs' "Unknown argument(s): …" error: the names once each (yargs lists a
 * kebab-case flag twice, also in camelCase), written as typed (`--strict`), and per name one hint:
 * a flag of another command is said to be one ("--strict is not an option of `dupgraf check`
 * (it is one of `dupgraf scan`)"), a typo gets "Did you mean --threshold?" with a flag of the
 * command typed, never the very flag typed.
 */

import { COMMANDS, loadBuilders, type Builder } from './args.js';
import { buildParser } from './parser.js';
import { closest, distance } from '../engine/suggest.js';

/** The commands and index subcommands whose flags are told apart. */
const COMMAND_PATHS: readonly (readonly string[])[] = [
  ['scan'],
  ['check'],
  ['baseline'],
  ['approve'],
  ['serve'],
  ...['add', 'remove', 'prune', 'stats', 'verify'].map((sub) => ['index', sub]),
];

/** Positional arguments yargs lists among a command's options; not flags to suggest. */
const POSITIONALS = new Set(['paths', 'files', 'location']);

const flagCache = new Map<string, string[]>();

/** The long flags of a command (as yargs knows them: parses a probe and reads its options). */
function flagsOf(command: readonly string[], builders: Partial<Record<string, Builder>>): string[] {
  const key = command.join(' ');
  let flags = flagCache.get(key);
  if (!flags) {
    const args = [...command, '--\u0000probe'];
    const parser = buildParser(args, 100, builders);
    type WithOptions = { getOptions(): { key: Record<string, unknown> } };
    let keys: string[] = [];
    // The command's options are there while its parse is under way (in the callback).
    parser.parse(args, {}, () => {
      keys = Object.keys((parser as unknown as WithOptions).getOptions().key);
    });
    flags = keys.filter((k) => k.length > 1 && !POSITIONALS.has(k));
    flagCache.set(key, flags);
  }
  return flags;
}

/** The command (and index subcommand) among the arguments, if any. */
function typedCommand(args: readonly string[]): readonly string[] | undefined {
  const i = args.findIndex((a) => COMMANDS.includes(a));
  if (i < 0) return undefined;
  return COMMAND_PATHS.find((c) => c[0] === args[i] && (c.length === 1 || c[1] === args[i + 1]));
}

/** yargs' camelCase alias of a flag back to kebab-case (`printConfig` → `print-config`); `V` stays. */
const kebab = (name: string) => name.replace(/(?<=[a-z0-9])[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);

/**
 * The error text for a yargs message (unchanged unless it is about unknown arguments), with the
 * hints after it, one a line. `args` are the arguments given (to tell a flag from a word, and the
 * command typed).
 */
export async function explainUnknown(message: string, args: readonly string[]): Promise<string> {
  const match = /^Unknown arguments?: (.*)$/.exec(message);
  if (!match) return message;
  // An error path: every command's options are loaded, to say whose flag it is.
  const builders = await loadBuilders(COMMANDS);
  const flags = (c: readonly string[]) => flagsOf(c, builders);
  const names = [...new Set(match[1].split(', ').map(kebab))];
  const typed = typedCommand(args);
  const isFlag = (name: string) =>
    args.some(
      (a) =>
        a === `--${name}` || a.startsWith(`--${name}=`) || a === `--no-${name}` || a === `-${name}`,
    );
  const shown = names.map((n) => (isFlag(n) ? (n.length === 1 ? `-${n}` : `--${n}`) : n));
  const lines = [`Unknown argument${names.length === 1 ? '' : 's'}: ${shown.join(', ')}`];
  for (const name of names) {
    if (typed && isFlag(name)) {
      const command = `dupgraf ${typed.join(' ')}`;
      const owners = COMMAND_PATHS.filter((c) => c !== typed && flags(c).includes(name)).map(
        (c) => `\`dupgraf ${c.join(' ')}\``,
      );
      if (owners.length > 0) {
        lines.push(
          `--${name} is not an option of \`${command}\` (it is one of ${owners.join(', ')}); see \`${command} --help\``,
        );
        continue;
      }
      const near = closest(name, flags(typed));
      if (near && near !== name) lines.push(`Did you mean --${near}?`);
      continue;
    }
    // No command typed, or a word rather than a flag: the nearest command or flag.
    const candidates = [
      ...COMMANDS.map((c) => ({ c, flag: false })),
      ...[...new Set(COMMAND_PATHS.flatMap(flags))].map((c) => ({ c, flag: true })),
    ];
    const best = candidates
      .filter(({ c }) => c !== name)
      .map(({ c, flag }) => ({ c, flag, d: distance(name, c) }))
      .filter((x) => x.d <= Math.max(2, Math.floor(name.length / 3)))
      .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1))[0];
    if (best) lines.push(`Did you mean ${best.flag ? '--' : ''}${best.c}?`);
  }
  return lines.join('\n');
}
