/**
 * Reading the configuration the check needs: the shared config file (`--config FILE`, else found
 * upward from the working directory like `scan`'s, see cli/config.ts) with its engine and
 * discovery settings and its `check` section; the approved registry; the baseline. Problems are
 * ConfigError or UsageError (exit code 2).
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import {
  approvalRegistrySchema,
  emptyRegistry,
  type ApprovalRegistry,
} from '../check/approvals.js';
import { InvalidBaselineError, parseBaseline } from '../check/baseline.js';
import type { CheckConfig } from '../check/policy.js';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '../engine/options.js';
import { ConfigError, UsageError } from '../errors.js';
import { yaml } from '../sources/formats/libraries.js';
import { fileReadOptionsOf, type ReadOptions } from '../sources/read.js';
import { loadConfig, relativePath } from './config.js';
import { defaultSettings, type ScanSettings } from './settings.js';
import { DEFAULT_APPROVED_FILE, DEFAULT_BASELINE_FILE } from './check-options.js';

/** What the config file and the flags gave the check. */
export interface LoadedCheckConfig {
  /** Engine options: the defaults, the file's and the flags' (both checked by their schema). */
  engine: Readonly<EngineOptions>;
  /** File discovery settings (flags < config file < defaults). */
  discovery: {
    extensions: string[];
    include: string[];
    exclude: string[];
    useIgnoreFiles: boolean;
  };
  /** How files are read: format, record fields, encoding, size limit (default `auto`). */
  read: ReadOptions;
  /** Exit 2 when a file was skipped or read with a warning (`--strict`). */
  strict: boolean;
  /** `window` (`30d`, file or flag): compare a story only with sources dated this close before it. */
  window?: string;
  check: CheckConfig;
  /** Directory relative paths in the file are resolved against. */
  dir: string;
  /** The file read (absolute), if any. */
  file?: string;
  /** Every setting in effect (defaults < config file < flags), for `--print-config`. */
  settings: ScanSettings;
}

/**
 * Loads the config file (explicit path, or searched for from `cwd` upward) and puts the settings
 * given as flags (`flags`, validated: see input-flags.ts) on top of it: the check's settings, a
 * part per stage (discovery, reading, engine, the check's policy section), resolved once and
 * frozen; the check's stages take their part and check nothing again.
 */
export async function loadCheckConfig(
  cwd: string,
  explicit?: string,
  flags: Partial<ScanSettings> = {},
): Promise<LoadedCheckConfig> {
  const loaded = await loadConfig(cwd, explicit);
  const given: Partial<ScanSettings> = { ...loaded?.settings, ...flags };
  const settings: ScanSettings = { ...defaultSettings(), ...given };
  const engine: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS };
  for (const key of ['threshold', 'containment', 'shingleSize', 'minWords'] as const) {
    if (given[key] !== undefined) engine[key] = given[key];
  }
  const file = loaded ? path.resolve(cwd, loaded.file) : undefined;
  return Object.freeze({
    engine: Object.freeze(engine),
    discovery: Object.freeze({
      extensions: settings.extensions,
      include: settings.include,
      exclude: settings.exclude,
      useIgnoreFiles: settings.ignore,
    }),
    read: Object.freeze(fileReadOptionsOf(given)),
    strict: settings.strict,
    window: given.window,
    check: Object.freeze((loaded?.settings as { check?: CheckConfig } | undefined)?.check ?? {}),
    dir: file ? path.dirname(file) : cwd,
    file,
    settings,
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  return `${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`;
}

/**
 * Reads a JSON file, or a YAML file by its extension (see {@link isYamlFile}); errors name it as
 * `shown`.
 */
function readJson(file: string, what: string, shown = file): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new ConfigError(`${what} ${shown} is a folder, not a file`);
    throw new ConfigError(`cannot read ${what} ${shown} (${code ?? 'error'})`);
  }
  const body = text.replace(/^\ufeff/, '');
  if (isYamlFile(file)) {
    try {
      return yaml().parse(body);
    } catch (error) {
      throw new ConfigError(`${what} ${shown} is not valid YAML: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ConfigError(`${what} ${shown} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Whether a registry file is YAML (`.yaml`, `.yml`) rather than JSON. */
export function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/**
 * A registry's problems, each naming the entry (1-based, with its id when it has one), the field
 * and the value found: `entry 2 (id "x"): expires: a real date YYYY-MM-DD (got "soon")`.
 */
function describeRegistryIssues(error: z.ZodError, data: unknown): string {
  const entries = (data as { entries?: unknown } | null)?.entries;
  return error.issues
    .map((issue) => {
      const [top, index, ...rest] = issue.path;
      if (top !== 'entries' || typeof index !== 'number' || !Array.isArray(entries))
        return describeIssue(issue);
      const entry = entries[index] as Record<string, unknown> | undefined;
      const id = typeof entry?.id === 'string' ? ` (id "${entry.id}")` : '';
      const field = rest.map(String).join('.');
      let value: unknown = entry;
      for (const k of rest) value = (value as Record<PropertyKey, unknown> | undefined)?.[k];
      if (rest.length > 0 && value === undefined && issue.code === 'invalid_type')
        return `entry ${index + 1}${id}: ${field}: missing`;
      const got = rest.length > 0 && value !== undefined ? ` (got ${JSON.stringify(value)})` : '';
      return `entry ${index + 1}${id}: ${field ? `${field}: ` : ''}${issue.message}${got}`;
    })
    .join('; ');
}

/**
 * Reads the approved registry `file` (named `shown` in messages). A missing file is an empty
 * registry when it is the default one; when a flag or the config named it (`namedBy`, e.g.
 * `--approved`), it is a UsageError: a typo must not quietly turn approvals off. A file that is
 * not JSON/YAML or not a valid registry is a ConfigError naming the file and the entry.
 */
export function loadApprovals(file: string, shown = file, namedBy?: string): ApprovalRegistry {
  if (!fs.existsSync(file)) {
    if (namedBy === undefined) return emptyRegistry();
    throw new UsageError(`approved registry not found: ${shown} (named by ${namedBy})`);
  }
  const data = readJson(file, 'approved registry', shown);
  const parsed = approvalRegistrySchema.safeParse(data);
  if (!parsed.success)
    throw new ConfigError(
      `invalid approved registry ${shown}: ${describeRegistryIssues(parsed.error, data)}`,
    );
  return parsed.data;
}

/**
 * The approved registry stored with the archive index `shown` (`raw`: JSON as `dupgraf serve`
 * writes it; undefined before the first approval, an empty registry). One that is not a valid
 * registry is a ConfigError naming the index and the entry.
 */
export function parseArchiveApprovals(raw: string | undefined, shown: string): ApprovalRegistry {
  if (raw === undefined) return emptyRegistry();
  const what = `the approvals stored with the archive index ${shown}`;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`${what} are not valid JSON: ${(error as Error).message}`);
  }
  const parsed = approvalRegistrySchema.safeParse(data);
  if (!parsed.success)
    throw new ConfigError(`${what} are not valid: ${describeRegistryIssues(parsed.error, data)}`);
  return parsed.data;
}

/**
 * Reads a baseline file. A missing file is a usage error naming the command that creates it; a
 * folder, an unreadable file or one that is not a baseline (see parseBaseline) is a ConfigError
 * naming the file and what is wrong.
 */
export function loadBaseline(file: string, shown: string): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new UsageError(
        `baseline file not found: ${shown} (create it with \`dupgraf baseline\`)`,
      );
    if (code === 'EISDIR') throw new ConfigError(`baseline ${shown} is a folder, not a file`);
    throw new ConfigError(`cannot read baseline file ${shown} (${code ?? 'error'})`);
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    if (!(error instanceof InvalidBaselineError)) throw error;
    throw new ConfigError(
      `baseline file ${shown} is not a dupgraf baseline: ${error.message} (regenerate it with \`dupgraf baseline\`)`,
    );
  }
}

/** Where the check's approved registry or baseline is, and how it was found (for messages). */
export interface LocatedFile {
  /** Absolute path. */
  file: string;
  /** How it was chosen, e.g. `--approved`, `check.approved in dupgraf.config.json`. */
  from: string;
  /** Whether a flag or the config file named it (then it must exist to be read). */
  named: boolean;
}

/**
 * The folder a new registry or baseline goes in when none exists: the config file's folder, else
 * the repository root (the nearest folder upward with `.git`), else the working directory.
 */
function homeFolder(cwd: string, config: LoadedCheckConfig): { dir: string; why: string } {
  if (config.file) return { dir: config.dir, why: 'beside the config file' };
  const git = findUpward(cwd, '.git');
  if (git) return { dir: path.dirname(git), why: 'at the repository root' };
  return { dir: cwd, why: 'in the working directory' };
}

/**
 * Locates a file of the check (the approved registry or the baseline) as ESLint finds its files:
 * the flag's path (relative to the working directory); else the config file's key (relative to
 * the config file); else the default name found by the config's upward search from `cwd`; else
 * where a new one would be written ({@link homeFolder}), marked as not found.
 */
function locate(
  cwd: string,
  config: LoadedCheckConfig,
  flag: { name: string; value: string | undefined },
  key: { name: string; value: string | undefined },
  defaultName: string,
): LocatedFile & { found: boolean } {
  if (flag.value !== undefined)
    return { file: path.resolve(cwd, flag.value), from: flag.name, named: true, found: true };
  if (key.value !== undefined && config.file)
    return {
      file: path.resolve(config.dir, key.value),
      from: `${key.name} in ${relativePath(config.file, cwd)}`,
      named: true,
      found: true,
    };
  const upward = findUpward(cwd, defaultName);
  if (upward)
    return {
      file: upward,
      from:
        path.dirname(upward) === cwd
          ? 'found in the working directory'
          : 'found upward from the working directory',
      named: false,
      found: true,
    };
  const home = homeFolder(cwd, config);
  return {
    file: path.join(home.dir, defaultName),
    from: `default, not found (it would be written ${home.why})`,
    named: false,
    found: false,
  };
}

/** The approved registry in effect (see {@link locate}); `--approved FILE` first. */
export function locateApproved(
  cwd: string,
  config: LoadedCheckConfig,
  flag: string | undefined,
): LocatedFile {
  return locate(
    cwd,
    config,
    { name: '--approved', value: flag },
    { name: 'check.approved', value: config.check.approved },
    DEFAULT_APPROVED_FILE,
  );
}

/**
 * The baseline in effect (see {@link locate}): `--baseline FILE` first; `--no-baseline` (`flag`
 * false) none. A default baseline that does not exist is returned only when `writing`.
 */
export function locateBaseline(
  cwd: string,
  config: LoadedCheckConfig,
  flag: string | boolean | undefined,
  writing: boolean,
): LocatedFile | null {
  if (flag === false) return null;
  const found = locate(
    cwd,
    config,
    { name: '--baseline', value: typeof flag === 'string' ? flag : undefined },
    { name: 'check.baseline', value: config.check.baseline },
    DEFAULT_BASELINE_FILE,
  );
  return found.found || writing ? found : null;
}

/**
 * The nearest `name` from `cwd` upward, as the config file is searched for (lilconfig's rule: up
 * to the home folder, or the file system's root when `cwd` is not under it); null when none.
 */
export function findUpward(cwd: string, name: string, stopDir = os.homedir()): string | null {
  let dir = path.resolve(cwd);
  const stop = path.resolve(stopDir);
  for (;;) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir) return null;
    dir = parent;
  }
}
