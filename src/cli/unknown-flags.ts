/**
 * The one-line messages for yargs' usage errors (run.ts adds the line `Run \`… --help\` for
 * usage.`). Unknown arguments: the names once each (yargs lists a kebab-case flag twice, also in
 * camelCase), written as typed (`--strict`), and per name one hint: a flag of another command is
 * said to be one ("--strict is not an option of `dupgraf check` (it is one of `dupgraf scan`)"), a
 * typo gets "(did you mean --threshold?)" with a flag of the command typed, never the very flag
 * typed; a word after `dupgraf index` that is no index command lists them. A bad choice, a
 * missing flag or argument, a flag without its value: one line each.
 */

import { COMMANDS, loadBuilders, type Builder } from './args.js';
import { INDEX_COMMANDS, isIndexCommand } from './index-command-names.js';
import { buildParser } from './parser.js';
import { closest, distance } from '../engine/suggest.js';

/** The commands and index subcommands whose flags are told apart. */
const COMMAND_PATHS: readonly (readonly string[])[] = [
  ['scan'],
  ['check'],
  ['baseline'],
  ['approve'],
  ['serve'],
  ...INDEX_COMMANDS.map((sub) => ['index', sub]),
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
 * The one-line error text for a yargs message (see {@link explainUnknown} for unknown
 * arguments): an invalid choice as `--format: "xml" is not one of text, json`; a missing
 * required flag as the flag's own message (its `demandOption` text) or `missing --name`; any other
 * message's lines joined with `; `. `args` are the arguments given.
 */
export async function explainUsage(message: string, args: readonly string[]): Promise<string> {
  if (/^Unknown arguments?: /.test(message)) return explainUnknown(message, args);
  const suggested = /^Did you mean (\S+)\?$/.exec(message);
  const word = unknownIndexCommand(args);
  if (word !== undefined) return unknownIndexCommandText(word);
  if (suggested) {
    const typed = args.find((a) => !a.startsWith('-'));
    if (typed !== undefined) return `unknown command ${typed} (did you mean ${suggested[1]}?)`;
  }
  if (/^Not enough non-option arguments: /.test(message)) {
    const typed = typedCommand(args);
    const what: Record<string, string> = {
      'index add': 'at least one path (files or folders to add)',
      'index remove': 'at least one path (stored paths or folders)',
      approve: 'the paragraph to approve, as path:line',
    };
    const key = typed?.join(' ');
    if (key !== undefined && what[key]) return `\`dupgraf ${key}\` needs ${what[key]}`;
  }
  const following = /^Not enough arguments following: (\S+)$/.exec(message);
  if (following) return `${flagName(kebab(following[1]))} needs a value`;
  if (message.startsWith('Invalid values:')) {
    const parts = [...message.matchAll(/Argument: (\S+), Given: (.*), Choices: (.*)/g)].map(
      ([, name, given, choices]) =>
        `${flagName(kebab(name))}: ${given} is not one of ${choices.replace(/"/g, '')}`,
    );
    if (parts.length > 0) return parts.join('; ');
  }
  const missing = /^Missing required arguments?: ([^\n]*)(?:\n([\s\S]*))?$/.exec(message);
  if (missing) {
    const own = missing[2]?.trim();
    if (own) return own.split('\n').join('; ');
    return `missing ${missing[1]
      .split(', ')
      .map((n) => flagName(kebab(n)))
      .join(', ')}`;
  }
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('; ');
}

/** A flag's name as typed: `--name`, `-x` for a one-letter one. */
function flagName(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/**
 * The error text for yargs' unknown-arguments message, one line: the names once each, written as
 * typed, and per name its hint (see the module comment); a word after `dupgraf index` that is not
 * an index command says so and lists them. `args` are the arguments given (to tell a flag from a
 * word, and the command typed).
 */
export async function explainUnknown(message: string, args: readonly string[]): Promise<string> {
  const match = /^Unknown arguments?: (.*)$/.exec(message);
  if (!match) return message;
  const names = [...new Set(match[1].split(', ').map(kebab))];
  const word = unknownIndexCommand(args);
  if (word !== undefined && names.includes(word)) return unknownIndexCommandText(word);
  // An error path: every command's options are loaded, to say whose flag it is.
  const builders = await loadBuilders(COMMANDS);
  const flags = (c: readonly string[]) => flagsOf(c, builders);
  const typed = typedCommand(args);
  const isFlag = (name: string) =>
    args.some(
      (a) =>
        a === `--${name}` || a.startsWith(`--${name}=`) || a === `--no-${name}` || a === `-${name}`,
    );
  const shown = (n: string) => (isFlag(n) ? flagName(n) : n);
  const hints: string[] = [];
  const elsewhere: string[] = [];
  for (const name of names) {
    if (typed && isFlag(name)) {
      const command = `dupgraf ${typed.join(' ')}`;
      const owners = COMMAND_PATHS.filter((c) => c !== typed && flags(c).includes(name)).map(
        (c) => `\`dupgraf ${c.join(' ')}\``,
      );
      if (owners.length > 0) {
        elsewhere.push(
          `${shown(name)} is not an option of \`${command}\` (it is one of ${owners.join(', ')})`,
        );
        continue;
      }
      const near = closest(name, flags(typed));
      if (near && near !== name) hints.push(`did you mean --${near}?`);
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
    if (best) hints.push(`did you mean ${best.flag ? '--' : ''}${best.c}?`);
  }
  const rest = names.filter((n) => !elsewhere.some((e) => e.startsWith(`${shown(n)} `)));
  const parts = [...elsewhere];
  if (rest.length > 0)
    parts.unshift(
      `Unknown argument${rest.length === 1 ? '' : 's'}: ${rest.map(shown).join(', ')}` +
        (hints.length > 0 ? ` (${hints.join('; ')})` : ''),
    );
  return parts.join('; ');
}

/** `unknown index command stat (did you mean stats?); the index commands are add, …`. */
function unknownIndexCommandText(word: string): string {
  const near = closest(word, [...INDEX_COMMANDS]);
  return `unknown index command ${word}${near && near !== word ? ` (did you mean ${near}?)` : ''}; the index commands are ${INDEX_COMMANDS.join(', ')}`;
}

/**
 * The word typed after `dupgraf index` when it is not an index command (`index frobnicate`);
 * undefined otherwise.
 */
export function unknownIndexCommand(args: readonly string[]): string | undefined {
  const i = args.indexOf('index');
  if (i < 0 || args.slice(0, i).some((a) => COMMANDS.includes(a))) return undefined;
  const word = args[i + 1];
  if (word === undefined || word.startsWith('-')) return undefined;
  return isIndexCommand(word) ? undefined : word;
}
