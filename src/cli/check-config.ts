/**
 * Reading the configuration the check needs: the shared config file (`--config FILE`, else found
 * upward from the working directory like `scan`'s, see cli/config.ts) with its engine and
 * discovery settings and its `check` section; the approved registry; the baseline. Problems are
 * ConfigError or UsageError (exit code 2).
 */

import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  approvalRegistrySchema,
  emptyRegistry,
  type ApprovalRegistry,
} from '../check/approvals.js';
import { InvalidBaselineError, parseBaseline } from '../check/baseline.js';
import type { CheckConfig } from '../check/policy.js';
import type { EngineOptions } from '../engine/options.js';
import { ConfigError, UsageError } from '../errors.js';
import { yaml } from '../sources/formats/libraries.js';
import { fileReadOptionsOf, type ReadOptions } from '../sources/read.js';
import { loadConfig } from './config.js';
import { defaultSettings } from './settings.js';

/** What the config file gave the check. */
export interface LoadedCheckConfig {
  /** Engine options from the file (validated again with the flags). */
  engine: Partial<EngineOptions>;
  /** File discovery settings (the file's, else the defaults). */
  discovery: {
    extensions: string[];
    include: string[];
    exclude: string[];
    useIgnoreFiles: boolean;
  };
  /** How files are read: the file's `inputFormat` and record fields (default `auto`). */
  read: ReadOptions;
  check: CheckConfig;
  /** Directory relative paths in the file are resolved against. */
  dir: string;
  /** The file read (absolute), if any. */
  file?: string;
}

/** Loads the config file (explicit path, or searched for from `cwd` upward). */
export async function loadCheckConfig(cwd: string, explicit?: string): Promise<LoadedCheckConfig> {
  const loaded = await loadConfig(cwd, explicit);
  const settings = { ...defaultSettings(), ...loaded?.settings };
  const engine: Partial<EngineOptions> = {};
  for (const key of ['threshold', 'containment', 'shingleSize', 'minWords'] as const) {
    if (loaded?.settings[key] !== undefined) engine[key] = loaded.settings[key];
  }
  const file = loaded ? path.resolve(cwd, loaded.file) : undefined;
  return {
    engine,
    discovery: {
      extensions: settings.extensions,
      include: settings.include,
      exclude: settings.exclude,
      useIgnoreFiles: settings.ignore,
    },
    read: fileReadOptionsOf(loaded?.settings ?? {}),
    check: (loaded?.settings as { check?: CheckConfig } | undefined)?.check ?? {},
    dir: file ? path.dirname(file) : cwd,
    file,
  };
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
