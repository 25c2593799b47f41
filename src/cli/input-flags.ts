/**
 * The input flags: how every command that reads stories (`scan`, `check`, `baseline`,
 * `index add`) is told which files to take and how to read them, defined once here so each of
 * them has every flag, with the same help text and the same validation. A reading or discovery
 * setting added to {@link INPUT_SETTING_KEYS} (its row in settings.ts gives the flag, the config
 * key and the check) reaches all four commands; a flag that is not a setting goes in
 * {@link INPUT_RUN_FLAGS}.
 */

import type { Argv, Options } from 'yargs';
import { CONFIG_FILE_NAMES } from '../sources/discover.js';
import { settingOption, settingsFromFlags } from './setting-flags.js';
import { SETTING_SPECS, type ScanSettings } from './settings.js';

/**
 * The settings that are input flags: which files are taken from folders (extensions, globs,
 * ignore files), how they are read (format, record fields, encoding, size limit), and whether a
 * file that could not be read fails the run.
 */
export const INPUT_SETTING_KEYS = [
  'extensions',
  'include',
  'exclude',
  'ignore',
  'inputFormat',
  'idField',
  'textField',
  'dateField',
  'stories',
  'dateFrom',
  'encoding',
  'maxFileSize',
  'strict',
] as const satisfies readonly (keyof ScanSettings)[];

/** An input setting's name (config key and API option). */
export type InputSettingKey = (typeof INPUT_SETTING_KEYS)[number];

/** The detection settings `scan`, `check` and `baseline` take as flags. */
export const DETECTION_SETTING_KEYS = [
  'threshold',
  'containment',
  'shingleSize',
  'minWords',
  'window',
] as const satisfies readonly (keyof ScanSettings)[];

/** The input flags that are not settings: the config file, printing it, the progress bar. */
export const INPUT_RUN_FLAGS: Readonly<Record<string, Options>> = {
  config: {
    alias: 'c',
    describe: `config file (default: the nearest of ${CONFIG_FILE_NAMES.join(', ')} from the working directory upward)`,
    type: 'string',
    requiresArg: true,
    group: 'Configuration:',
  },
  'print-config': {
    describe:
      'print the settings in effect (defaults < config file < flags) as JSON, say on stderr which files they came from, and exit',
    type: 'boolean',
    group: 'Configuration:',
  },
  progress: {
    describe: 'progress bar on stderr (default: when stderr is a terminal and CI is not set)',
    type: 'boolean',
    group: 'Output:',
  },
};

/** Adds the settings `keys` as flags (each from its row in settings.ts) to a yargs command. */
export function withSettingFlags<T>(y: Argv<T>, keys: readonly (keyof ScanSettings)[]): Argv<T> {
  let out = y;
  for (const key of keys) out = out.option(SETTING_SPECS[key].flag.name, settingOption(key));
  return out;
}

/** Adds every input flag ({@link INPUT_SETTING_KEYS} and {@link INPUT_RUN_FLAGS}) to a command. */
export function withInputFlags<T>(y: Argv<T>): Argv<T> {
  let out = withSettingFlags(y, INPUT_SETTING_KEYS);
  for (const [name, options] of Object.entries(INPUT_RUN_FLAGS)) out = out.option(name, options);
  return out;
}

/** The input settings given as flags, validated (a UsageError names the flag). */
export function inputSettingsFromFlags(
  argv: Record<string, unknown>,
): Partial<Pick<ScanSettings, InputSettingKey>> {
  return settingsFromFlags(argv, INPUT_SETTING_KEYS);
}
