/**
 * The arguments of a plain `dupgraf check` read without yargs: building yargs's parser and the
 * check's forty options costs a noticeable part of the start of a check that a pre-commit hook
 * runs on every commit (docs/performance.md#start-up). {@link quickCheckArgs} reads only the
 * common forms of the common flags, and gives exactly what yargs would give for them
 * (tests/cli/check-args.test.ts compares the two on every form); anything else — another flag, a
 * flag given twice, `--help`, `--`, a value that could be read two ways — is left to yargs, which
 * also writes every message.
 */

import { STDIN_TOKEN } from './args.js';

/** A flag read here: its value kind and yargs's names for it (short alias, camelCase). */
interface QuickFlag {
  /** `string`: takes the next argument; `list`: every argument up to the next flag; `boolean`. */
  kind: 'string' | 'list' | 'boolean';
  /** The one-letter alias (`-f`). */
  alias?: string;
  /** `--no-NAME` gives `false` (a boolean, or `--no-baseline`). */
  negatable?: boolean;
}

/** The flags of `check` read here (check-options.ts and input-flags.ts define them for yargs). */
const QUICK_FLAGS: Readonly<Record<string, QuickFlag>> = {
  index: { kind: 'string' },
  against: { kind: 'list' },
  baseline: { kind: 'string', negatable: true },
  approved: { kind: 'string' },
  'changed-since': { kind: 'string' },
  format: { kind: 'string', alias: 'f' },
  output: { kind: 'string', alias: 'o' },
  config: { kind: 'string', alias: 'c' },
  quiet: { kind: 'boolean', alias: 'q', negatable: true },
  color: { kind: 'boolean', negatable: true },
  progress: { kind: 'boolean', negatable: true },
  strict: { kind: 'boolean', negatable: true },
  ignore: { kind: 'boolean', negatable: true },
};

/** The flag a short alias stands for. */
const BY_ALIAS = new Map(
  Object.entries(QUICK_FLAGS).flatMap(([name, flag]) =>
    flag.alias ? [[flag.alias, name] as const] : [],
  ),
);

/** yargs's camelCase key of a kebab-case flag (`changed-since` → `changedSince`). */
const camel = (name: string) => name.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());

/** A value as yargs takes it here: not empty, not a flag, not a word yargs reads as a boolean. */
const plainValue = (arg: string | undefined): arg is string =>
  arg !== undefined && arg !== '' && !arg.startsWith('-') && arg !== STDIN_TOKEN;

/**
 * The parsed arguments (as yargs gives them: `_`, `$0`, each flag under its name, its alias and
 * its camelCase name, the defaults of `files`, `format` and `update-baseline`) of `args` (after
 * normalizeArgs) when they are `check` followed by stories and the flags above in their common
 * forms; `undefined` for anything else (yargs then parses them).
 */
export function quickCheckArgs(args: readonly string[]): Record<string, unknown> | undefined {
  if (args[0] !== 'check') return undefined;
  const argv: Record<string, unknown> = { _: ['check'] };
  const files: string[] = [];
  const seen = new Set<string>();
  const set = (name: string, value: unknown) => {
    const flag = QUICK_FLAGS[name];
    argv[name] = value;
    if (flag.alias) argv[flag.alias] = value;
    if (name.includes('-')) argv[camel(name)] = value;
  };
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-')) {
      if (!plainValue(arg)) return undefined;
      files.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    let negated = false;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      if (!(name in QUICK_FLAGS) && name.startsWith('no-') && inline === undefined) {
        name = name.slice(3);
        negated = true;
      }
    } else {
      // A short alias alone (`-f json`; not `-qf`, not `-f=json`).
      const long = arg.length === 2 ? BY_ALIAS.get(arg[1]) : undefined;
      if (long === undefined) return undefined;
      name = long;
    }
    const flag = Object.hasOwn(QUICK_FLAGS, name) ? QUICK_FLAGS[name] : undefined;
    if (!flag || seen.has(name)) return undefined;
    seen.add(name);
    if (negated) {
      if (!flag.negatable) return undefined;
      set(name, false);
    } else if (flag.kind === 'boolean') {
      // `--quiet true` and `--quiet=…` are yargs's to read.
      if (inline !== undefined || args[i + 1] === 'true' || args[i + 1] === 'false')
        return undefined;
      set(name, true);
    } else if (flag.kind === 'string') {
      const value = inline ?? args[++i];
      if (!plainValue(value)) return undefined;
      set(name, value);
    } else {
      if (inline !== undefined) return undefined;
      const list: string[] = [];
      while (i + 1 < args.length && !args[i + 1].startsWith('-')) {
        if (!plainValue(args[i + 1])) return undefined;
        list.push(args[++i]);
      }
      if (list.length === 0) return undefined;
      set(name, list);
    }
  }
  argv.files = files;
  if (!seen.has('format')) set('format', 'text');
  argv['update-baseline'] = false;
  argv.updateBaseline = false;
  argv.$0 = 'dupgraf';
  return argv;
}
