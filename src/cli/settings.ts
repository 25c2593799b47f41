/**
 * The settings of `dupgraf scan`: one table from which the CLI flags, the config file schema
 * (zod) and `--print-config` are derived. Engine options come from ENGINE_OPTION_SPECS; the rest
 * (reporting, discovery, exit policy) are declared here, of the value kinds in setting-kinds.ts.
 * To add a setting, add a row.
 */

import { z } from 'zod';
import { checkSectionSchema } from '../check/policy.js';
import { once } from '../lazy-schema.js';
import { serveSectionSchema } from '../server/serve-config.js';
import type { EngineOptions, TextOptions } from '../engine/options.js';
import { FORMATS, type Format } from '../reporters/formats.js';
import { SORT_KEYS, type SortKey } from '../reporters/view.js';
import { DEFAULT_EXTENSIONS } from '../sources/discover.js';
import { INPUT_FORMATS, type InputFormat } from '../sources/formats/registry.js';
import { DEFAULT_MAX_FILE_SIZE } from '../sources/read.js';
import { DEFAULT_STORIES, type StoriesSetting } from '../sources/stories.js';
import { DATE_SOURCES, type DateFrom } from '../sources/publication-date.js';
import {
  boolean,
  choice,
  encoding,
  engineSetting,
  extensionList,
  globList,
  recordField,
  size,
  span,
  stories,
  wholeNumber,
  type SettingSpec,
} from './setting-kinds.js';

/** Every setting in effect for a scan (defaults < config file < flags). */
export interface ScanSettings extends EngineOptions, TextOptions {
  /** Report format; default `text`. */
  format: Format;
  /** File to write the report to (atomically); default none (stdout). */
  output?: string;
  /** List every verified duplicate pair; default false. */
  pairs: boolean;
  /** Order of groups; default `size`. */
  sort: SortKey;
  /** Report only groups with at least this many copies; default 2. */
  minCopies: number;
  /** Report at most this many groups; default no limit. */
  maxGroups?: number;
  /** Exit 1 when at least this many groups were found; default off. */
  failOnDuplicates?: number;
  /** Fold the groups made only of re-sent stories under their re-send; default true. */
  foldResends: boolean;
  /** Extensions (without dot) taken from directories; default txt, md, markdown, html, htm, xml, json, jsonl, ndjson. */
  extensions: string[];
  /** Globs a file found in a directory must match (any); default none (all). */
  include: string[];
  /** Globs of files to leave out; default none. */
  exclude: string[];
  /** Honour .gitignore and .dupgrafignore files; default true. */
  ignore: boolean;
  /** How files are read: `auto` (by extension) or one format for all; default `auto`. */
  inputFormat: InputFormat;
  /** JSON/JSONL record field holding the id; default `id`. */
  idField?: string;
  /** JSON/JSONL record field holding the text; default the first of text, body, paragraphs. */
  textField?: string;
  /** JSON/JSONL record field holding the date; default the first of date, published, …. */
  dateField?: string;
  /** Encoding label forcing how files are decoded (iconv-lite); default none (detect). */
  encoding?: string;
  /** How plain-text and Markdown files are split into stories: auto, file or a regex; default auto. */
  stories: StoriesSetting;
  /** Where publication dates may come from: auto (metadata, dateline, file name) or mtime too. */
  dateFrom: DateFrom;
  /** Compare a story only with stories dated at most this long before it (`30d`); default none. */
  window?: string;
  /** Largest file read, in bytes (flags and config also take `512k`, `20MB`); default 20 MiB. */
  maxFileSize: number;
  /** Exit 2 when any file was skipped or read with a warning; default false. */
  strict: boolean;
}

/** The settings table, keyed by the name used in config files and the API (camelCase). */
export const SETTING_SPECS: { readonly [K in keyof ScanSettings]-?: SettingSpec } = {
  threshold: engineSetting('threshold', 'threshold'),
  containment: engineSetting('containment', 'containment'),
  shingleSize: engineSetting('shingleSize', 'shingle-size'),
  minWords: engineSetting('minWords', 'min-words'),
  includeTables: {
    description:
      'also compare figure rows (paragraphs of which 40% or more are figures, e.g. results tables)',
    default: false,
    ...boolean,
    flag: { name: 'include-tables', type: 'boolean', group: 'Detection:' },
  },
  foldAccents: {
    description: 'strip accents before comparing (é → e, ø → o; docs/languages.md)',
    default: false,
    ...boolean,
    flag: { name: 'fold-accents', type: 'boolean', group: 'Detection:' },
  },
  format: {
    description: 'report format',
    default: 'text',
    ...choice(FORMATS),
    flag: { name: 'format', alias: 'f', type: 'string', choices: FORMATS, group: 'Report:' },
  },
  output: {
    description: 'write the report to this file (atomically) instead of stdout',
    default: undefined,
    expected: 'a file path',
    schema: once(() => z.string({ error: 'a file path' }).min(1, { error: 'a file path' })),
    flag: { name: 'output', alias: 'o', type: 'string', group: 'Report:' },
  },
  pairs: {
    description: 'also list every verified duplicate pair (JSON pairs[])',
    default: false,
    ...boolean,
    flag: { name: 'pairs', type: 'boolean', group: 'Report:' },
  },
  sort: {
    description: 'order of groups: most copies, most stories, or by path',
    default: 'size',
    ...choice(SORT_KEYS),
    flag: { name: 'sort', type: 'string', choices: SORT_KEYS, group: 'Report:' },
  },
  minCopies: {
    description: 'report only groups with at least N copies',
    default: 2,
    ...wholeNumber(2),
    flag: { name: 'min-copies', type: 'number', group: 'Report:' },
  },
  maxGroups: {
    description: 'report at most N groups (after sorting)',
    default: undefined,
    ...wholeNumber(0),
    flag: { name: 'max-groups', type: 'number', group: 'Report:' },
  },
  failOnDuplicates: {
    description: 'exit 1 when at least N groups of repeated paragraphs are found (N default 1)',
    default: undefined,
    ...wholeNumber(1),
    flag: { name: 'fail-on-duplicates', type: 'number', group: 'Report:' },
  },
  foldResends: {
    description:
      'fold the groups made only of re-sent stories under their re-send (--no-fold-resends: list every group)',
    default: true,
    ...boolean,
    flag: { name: 'fold-resends', type: 'boolean', group: 'Report:' },
  },
  extensions: {
    description: 'file extensions taken from directories',
    default: [...DEFAULT_EXTENSIONS],
    ...extensionList,
    flag: { name: 'ext', type: 'string', array: true, group: 'Files:' },
  },
  include: {
    description: 'only files matching one of these globs (relative paths; no slash: file name)',
    default: [],
    ...globList,
    flag: { name: 'include', type: 'string', array: true, group: 'Files:' },
  },
  exclude: {
    description: 'leave out files matching one of these globs',
    default: [],
    ...globList,
    flag: { name: 'exclude', type: 'string', array: true, group: 'Files:' },
  },
  ignore: {
    description: 'honour .gitignore and .dupgrafignore files (--no-ignore: read everything)',
    default: true,
    ...boolean,
    flag: { name: 'ignore', type: 'boolean', group: 'Files:' },
  },
  inputFormat: {
    description: 'read files as this format (auto: by extension, .xml by its root element)',
    default: 'auto',
    ...choice(INPUT_FORMATS),
    flag: { name: 'input-format', type: 'string', choices: INPUT_FORMATS, group: 'Formats:' },
  },
  idField: recordField('id', 'id-field', 'meta.id'),
  textField: recordField('text', 'text-field', 'story.body'),
  dateField: recordField('date', 'date-field', 'meta.published'),
  stories: {
    description:
      'how a plain-text or Markdown file is split into stories: auto (separators, datelines, headlines), file (one per file), or a regular expression matching separator lines',
    default: DEFAULT_STORIES,
    ...stories,
    flag: { name: 'stories', type: 'string', group: 'Formats:' },
  },
  dateFrom: {
    description:
      "where stories' publication dates come from: auto (format metadata, dateline, file name) or mtime (also the file's modification time)",
    default: 'auto',
    ...choice(DATE_SOURCES),
    flag: { name: 'date-from', type: 'string', choices: DATE_SOURCES, group: 'Formats:' },
  },
  window: {
    description:
      'compare a story only with stories dated at most this long before it (undated stories are always compared)',
    default: undefined,
    ...span,
    flag: { name: 'window', type: 'string', group: 'Detection:' },
  },
  encoding: {
    description: 'decode every file with this encoding (default: by BOM, else detected)',
    default: undefined,
    ...encoding,
    flag: { name: 'encoding', type: 'string', group: 'Files:' },
  },
  maxFileSize: {
    description: 'skip larger files with a warning',
    default: DEFAULT_MAX_FILE_SIZE,
    ...size,
    flag: { name: 'max-file-size', type: 'string', group: 'Files:' },
  },
  strict: {
    description: 'exit 2 when a file was skipped or read with a warning (binary, unreadable, …)',
    default: false,
    ...boolean,
    flag: { name: 'strict', type: 'boolean', group: 'Files:' },
  },
};

/** The setting names, in table order. */
export const SETTING_KEYS = Object.keys(SETTING_SPECS) as (keyof ScanSettings)[];

/** The settings in effect when neither a config file nor a flag sets anything. */
export function defaultSettings(): ScanSettings {
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = SETTING_SPECS[key].default;
    if (value !== undefined) out[key] = Array.isArray(value) ? [...value] : value;
  }
  return out as unknown as ScanSettings;
}

/** The zod schema of a config file's settings: every setting optional, unknown keys refused. */
export function configSchema() {
  const shape: Record<string, z.ZodType> = {};
  for (const key of SETTING_KEYS) {
    shape[key] = SETTING_SPECS[key].schema().optional().describe(SETTING_SPECS[key].description);
  }
  shape.check = checkSectionSchema().optional();
  shape.serve = serveSectionSchema().optional();
  return z.strictObject(shape);
}

/**
 * The config file's JSON Schema (draft 2020-12), generated from {@link configSchema}; the
 * repository keeps a copy in schema/config.schema.json for editors.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema(), {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Record<string, unknown> & { properties: Record<string, unknown> };
  return {
    ...schema,
    title: 'dupgraf config file',
    properties: {
      $schema: { description: 'the JSON Schema of this file (ignored by dupgraf)', type: 'string' },
      ...schema.properties,
    },
  };
}
