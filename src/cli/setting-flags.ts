/**
 * Settings as command-line flags: the yargs option of a setting and the validation of the values
 * given, both from the one table in settings.ts. `scan` takes every setting as a flag; `check`,
 * `baseline` and `index add` take the reading settings ({@link READ_SETTING_KEYS}).
 */

import type { Options } from 'yargs';
import { UsageError } from '../errors.js';
import type { ReadOptions } from '../sources/read.js';
import { SETTING_KEYS, SETTING_SPECS, type ScanSettings } from './settings.js';

/** The settings that say how files are read: format, JSON record fields, encoding, size limit. */
export const READ_SETTING_KEYS = [
  'inputFormat',
  'idField',
  'textField',
  'dateField',
  'stories',
  'dateFrom',
  'encoding',
  'maxFileSize',
] as const;

function defaultText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(' ');
  return String(value);
}

/**
 * A number flag without yargs' number type, so a value that is not a number reaches the check
 * as typed (`abc`, quoted in the message) rather than as NaN; yargs still reads `12` as 12.
 */
export const NUMBER_AS_TYPED = { requiresArg: true } as const;

/** The yargs option of a setting: no yargs default (flags given are told from flags not given). */
export function settingOption(key: keyof ScanSettings): Options {
  const spec = SETTING_SPECS[key];
  const { flag } = spec;
  return {
    alias: flag.alias,
    // What a value may be, after the description, unless the description says it (`stories`).
    describe:
      flag.type === 'boolean' || key === 'stories'
        ? spec.description
        : `${spec.description} (${spec.expected})`,
    // A number flag without yargs' number type, as {@link NUMBER_AS_TYPED}.
    type: flag.type === 'number' ? undefined : flag.type,
    array: flag.array,
    choices: flag.choices as string[] | undefined,
    group: flag.group,
    // A byte count reads better in the unit people give it.
    defaultDescription: key === 'maxFileSize' ? '20MB' : defaultText(spec.default),
    requiresArg: flag.type !== 'boolean' && key !== 'failOnDuplicates',
  };
}

/** A flag's value as a message shows it: as typed, a word quoted. */
export function describeFlagValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

/**
 * The settings among `keys` given as flags, validated with the same schemas as the config file;
 * a UsageError (exit 2) names the flag and what it expects.
 */
export function settingsFromFlags(
  argv: Record<string, unknown>,
  keys: readonly (keyof ScanSettings)[] = SETTING_KEYS,
): Partial<ScanSettings> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const spec = SETTING_SPECS[key];
    const value = argv[spec.flag.name];
    if (value === undefined) continue;
    const result = spec.schema().safeParse(value);
    if (!result.success) {
      const flag = spec.flag.type === 'boolean' && value === false ? 'no-' : '';
      throw new UsageError(
        `--${flag}${spec.flag.name}: expected ${spec.expected} (got ${describeFlagValue(value)})`,
      );
    }
    out[key] = result.data;
  }
  return out as Partial<ScanSettings>;
}

/** The reading settings given as flags (validated; see {@link settingsFromFlags}). */
export function readOptionsFromFlags(argv: Record<string, unknown>): ReadOptions {
  return settingsFromFlags(argv, READ_SETTING_KEYS) as ReadOptions;
}
