/**
 * Config files: found by searching upward from the working directory (lilconfig), or named with
 * `--config FILE`; validated against the schema derived from SETTING_SPECS into messages that
 * name the file, the key and what was expected. Errors are ConfigError (exit 2).
 */

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lilconfig } from 'lilconfig';
import type { z } from 'zod';
import { ConfigError, UsageError } from '../errors.js';
import { CONFIG_FILE_NAMES } from '../sources/discover.js';
import { yaml } from '../sources/formats/libraries.js';
import { closest } from '../engine/suggest.js';
import { CHECK_CONFIG_KEYS } from '../check/policy.js';
import { serveConfigKeys } from '../server/serve-config.js';
import { configSchema, SETTING_SPECS, type ScanSettings } from './settings.js';

/** Where a config file is looked for in each folder, in this order (then the parent folder). */
export const CONFIG_SEARCH_PLACES: readonly string[] = CONFIG_FILE_NAMES;

/**
 * A file's path as messages about the configuration show it: relative to `cwd`, with `../` when
 * above it (a config file, registry or baseline found upward); absolute on another drive.
 */
export function relativePath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  return (path.isAbsolute(rel) ? absolute : rel).split(path.sep).join('/');
}

/** A loaded config: the file (as shown in messages) and its validated settings. */
export interface LoadedConfig {
  /** The file's path relative to the working directory (with `../` when above it). */
  file: string;
  settings: Partial<ScanSettings>;
}

function jsonLoader(filepath: string, content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new ConfigError(`${filepath}: not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Loads a JavaScript config file, an ES module or CommonJS (`import()` takes both): its default
 * export (`module.exports`) is the config. A failure is a ConfigError naming the file; a syntax
 * error says so, with its line when Node tells it. (lilconfig's own loader retries a failed ES
 * module with `require`, whose error then sends the user to Node's issue tracker.)
 */
async function moduleLoader(filepath: string): Promise<unknown> {
  try {
    return ((await import(pathToFileURL(filepath).href)) as { default?: unknown }).default;
  } catch (error) {
    const e = error as Error;
    let why = e?.message ?? String(error);
    if (e instanceof SyntaxError) {
      // A CommonJS syntax error's stack starts with `file:line`; an ES module's says nothing.
      const line = /:(\d+)$/.exec(e.stack?.split('\n')[0] ?? '')?.[1];
      why = `syntax error${line ? ` on line ${line}` : ''}: ${why}`;
    }
    throw new ConfigError(`${filepath}: cannot be loaded: ${why}`);
  }
}

function yamlLoader(filepath: string, content: string): unknown {
  try {
    return yaml().parse(content) ?? {};
  } catch (error) {
    throw new ConfigError(
      `${filepath}: not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/** `.dupgrafrc`: JSON when it starts with `{` (after white space), YAML otherwise. */
function rcLoader(filepath: string, content: string): unknown {
  return /^\s*\{/.test(content) ? jsonLoader(filepath, content) : yamlLoader(filepath, content);
}

const LOADERS = {
  '.json': jsonLoader,
  noExt: rcLoader,
  '.yaml': yamlLoader,
  '.yml': yamlLoader,
  '.js': moduleLoader,
  '.mjs': moduleLoader,
  '.cjs': moduleLoader,
};

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const s = JSON.stringify(value);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function valueAt(object: unknown, keys: readonly PropertyKey[]): unknown {
  let v = object;
  for (const k of keys) v = (v as Record<PropertyKey, unknown> | undefined)?.[k];
  return v;
}

/** Formats zod issues as `file: key "x": expected … (got …)` lines. */
function describeIssues(where: string, input: unknown, issues: z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const section = issue.path[0];
        const known =
          section === 'check'
            ? [...CHECK_CONFIG_KEYS]
            : section === 'serve'
              ? serveConfigKeys()
              : [...Object.keys(SETTING_SPECS), 'check', 'serve'];
        const prefix = issue.path.map((p) => `${String(p)}.`).join('');
        return issue.keys
          .map((k) => {
            const near = closest(k, known);
            return (
              `${where}: unknown key "${prefix}${k}"` +
              (near ? ` (did you mean "${near}"?)` : ` (known keys: ${known.join(', ')})`)
            );
          })
          .join('\n');
      }
      const key = issue.path.map(String).join('.');
      return `${where}: key "${key}": expected ${issue.message} (got ${describeValue(
        valueAt(input, issue.path),
      )})`;
    })
    .join('\n');
}

/** Validates a config object (from a file); throws ConfigError naming `file` and the keys. */
export function validateConfig(file: string, raw: unknown): Partial<ScanSettings> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(
      `${file}: expected an object of settings (got ${describeValue(raw === null ? null : raw)})`,
    );
  }
  // A "$schema" key (pointing editors at schema/config.schema.json) is allowed and ignored.
  if (typeof (raw as Record<string, unknown>).$schema === 'string') {
    raw = { ...(raw as Record<string, unknown>) };
    delete (raw as Record<string, unknown>).$schema;
  }
  const result = configSchema().safeParse(raw);
  if (!result.success) throw new ConfigError(describeIssues(file, raw, result.error.issues));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result.data)) if (v !== undefined) out[k] = v;
  return out as Partial<ScanSettings>;
}

/**
 * Finds and loads the config file: `explicit` (relative to `cwd`) when given, else the nearest
 * of CONFIG_SEARCH_PLACES from `cwd` upward (a package.json counts only with a "dupgraf" key).
 * Returns `null` when there is none.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig | null> {
  const explorer = lilconfig('dupgraf', {
    searchPlaces: [...CONFIG_SEARCH_PLACES],
    loaders: LOADERS,
    packageProp: 'dupgraf',
    cache: false,
  });
  let result;
  if (explicit !== undefined) {
    if (explicit === '') throw new UsageError('--config: expected a config file path (got "")');
    const absolute = path.resolve(cwd, explicit);
    try {
      result = await explorer.load(absolute);
    } catch (error) {
      if (error instanceof ConfigError) throw relabel(error, cwd);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UsageError(`config file not found: ${explicit}`);
      if (code === 'EISDIR')
        throw new UsageError(`config file expected, but ${explicit} is a folder`);
      throw new ConfigError(`${explicit}: cannot be read: ${(error as Error).message}`);
    }
  } else {
    try {
      result = await explorer.search(cwd);
    } catch (error) {
      if (error instanceof ConfigError) throw relabel(error, cwd);
      throw new ConfigError(`config file: ${(error as Error).message}`);
    }
  }
  if (!result) return null;
  const file = relativePath(result.filepath, cwd);
  const raw = result.isEmpty ? {} : result.config;
  // lilconfig gives an ES module's default export; accept a module namespace too.
  const settings = validateConfig(file, unwrapDefault(raw));
  // A path written in a config file is relative to the file's folder (as check's registry and
  // baseline are); it is re-expressed relative to `cwd`, as a flag's would be.
  if (settings.output !== undefined && !path.isAbsolute(settings.output)) {
    const absolute = path.resolve(path.dirname(result.filepath), settings.output);
    settings.output = relativePath(absolute, cwd);
  }
  return { file, settings };
}

function unwrapDefault(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && 'default' in raw && Object.keys(raw).length === 1)
    return (raw as { default: unknown }).default;
  return raw;
}

/** Re-words a ConfigError's absolute file path as a path relative to `cwd`. */
function relabel(error: ConfigError, cwd: string): ConfigError {
  const match = /^(\/[^:]+|[A-Za-z]:\\[^:]+): /.exec(error.message);
  if (!match) return error;
  return new ConfigError(relativePath(match[1], cwd) + error.message.slice(match[1].length));
}
