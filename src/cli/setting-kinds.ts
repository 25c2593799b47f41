/**
 * The kinds of values a `dupgraf scan` setting takes (settings.ts's table is made of them): each
 * gives what is expected, in words for error messages, and the zod schema that validates and
 * normalizes a value from a config file or a flag, built on first use (lazy-schema.ts: every
 * command loads the settings table; most runs validate no setting).
 */

import { z } from 'zod';
import {
  ENGINE_OPTION_SPECS,
  describeRange,
  type EngineOptions,
  type OptionSpec,
} from '../engine/options.js';
import { checkEncoding } from '../sources/read.js';
import { isStoriesSetting } from '../sources/stories.js';
import { parseAge } from '../archive/story-date.js';
import { once } from '../lazy-schema.js';

/** How a setting appears on the command line. */
export interface FlagSpec {
  /** Long flag name, kebab-case, without dashes. */
  name: string;
  alias?: string;
  type: 'number' | 'boolean' | 'string';
  array?: boolean;
  choices?: readonly string[];
  /** `--help` group heading. */
  group: string;
}

/** One setting: its description, default, validation and flag. */
export interface SettingSpec {
  description: string;
  /** What is expected, in words (used in error messages). */
  expected: string;
  /** Default value; `undefined` when unset by default. */
  default: unknown;
  /** The schema that validates (and normalizes) a value from a config file or a flag. */
  schema: () => z.ZodType;
  flag: FlagSpec;
}

/** An engine option's setting (ENGINE_OPTION_SPECS: description, default, range), under `--flag`. */
export function engineSetting(key: keyof EngineOptions, flag: string): SettingSpec {
  const spec: OptionSpec = ENGINE_OPTION_SPECS[key];
  const expected = describeRange(spec);
  const schema = once(() => {
    let number = z.number({ error: expected });
    if (spec.integer) number = number.int({ error: expected });
    number = spec.exclusiveMin
      ? number.gt(spec.min, { error: expected })
      : number.gte(spec.min, { error: expected });
    return number.lte(spec.max, { error: expected });
  });
  return {
    description: spec.description,
    expected,
    default: spec.default,
    schema,
    flag: { name: flag, type: 'number', group: 'Detection:' },
  };
}

/** A whole number ≥ `min` (`expected` as said in errors). */
export function wholeNumber(min: number, expected = `a whole number ≥ ${min}`) {
  return {
    expected,
    schema: once(() =>
      z.number({ error: expected }).int({ error: expected }).gte(min, { error: expected }),
    ),
  };
}

/** One of `values`. */
export function choice<T extends string>(values: readonly T[]) {
  const expected = `one of ${values.join(', ')}`;
  return { expected, schema: once(() => z.enum(values as [T, ...T[]], { error: expected })) };
}

/** A list of globs, none empty (picomatch rejects an empty pattern). */
export const globList = {
  expected: 'a list of glob patterns',
  schema: once(() =>
    z.array(
      z.string({ error: 'a list of glob patterns' }).min(1, { error: 'a glob that is not empty' }),
      {
        error: 'a list of glob patterns',
      },
    ),
  ),
};

/** A list of file extensions (`txt md`, `txt,md`, `.txt`): without dots, unique, at least one. */
export const extensionList = {
  expected: 'a list of file extensions such as txt md (or txt,md)',
  schema: once(() =>
    z
      .array(z.string({ error: 'a list of file extensions such as txt md (or txt,md)' }), {
        error: 'a list of file extensions such as txt md (or txt,md)',
      })
      // `--ext txt,md` and `--ext .txt` are accepted too.
      .transform((list) =>
        [
          ...new Set(list.flatMap((x) => x.split(',')).map((x) => x.trim().replace(/^\./, ''))),
        ].filter((x) => x !== ''),
      )
      .refine((list) => list.length > 0, { error: 'at least one extension' }),
  ),
};

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * A size in bytes from a number (bytes) or a string such as `512k`, `20MB`, `1.5 GiB`, `4096`
 * (units k, M, G are powers of 1024, with or without `B`/`iB`); null when it is not one.
 */
export function parseSize(value: number | string): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmg])(?:i?b)?|b)?\s*$/i.exec(value);
  if (!match) return null;
  return Math.round(Number(match[1]) * SIZE_UNITS[(match[2] ?? '').toLowerCase()]);
}

const sizeExpected = 'a size in bytes such as 4096, 512k, 20MB';
/** A size in bytes (`parseSize`): 4096, 512k, 20MB. */
export const size = {
  expected: sizeExpected,
  schema: once(() =>
    z
      .union([z.number({ error: sizeExpected }), z.string({ error: sizeExpected })], {
        error: sizeExpected,
      })
      .transform((value, ctx) => {
        const bytes = parseSize(value);
        if (bytes === null) {
          ctx.addIssue({ code: 'custom', message: sizeExpected });
          return z.NEVER;
        }
        return bytes;
      }),
  ),
};

const encodingExpected = 'an encoding label such as utf-8, utf-16le, latin1, windows-1252';
/** An encoding label the decoder knows (utf-8, latin1, windows-1252 …). */
export const encoding = {
  expected: encodingExpected,
  schema: once(() =>
    z.string({ error: encodingExpected }).refine(
      (label) => {
        try {
          checkEncoding(label);
          return true;
        } catch {
          return false;
        }
      },
      { error: encodingExpected },
    ),
  ),
};

const storiesExpected =
  'auto, file, or a regular expression matching the lines that separate stories';
/** The stories setting: auto, file, or a regular expression matching separator lines. */
export const stories = {
  expected: storiesExpected,
  schema: once(() =>
    z
      .string({ error: storiesExpected })
      .min(1, { error: storiesExpected })
      .refine(isStoriesSetting, { error: storiesExpected }),
  ),
};

const spanExpected = 'a span of time such as 30d, 12w, 36h or 1y';
/** A span of time longer than zero: 30d, 12w, 36h, 1y. */
export const span = {
  expected: spanExpected,
  schema: once(() =>
    z.string({ error: spanExpected }).refine(
      (value) => {
        const ms = parseAge(value);
        return ms !== null && ms > 0;
      },
      { error: spanExpected },
    ),
  ),
};

/** true or false. */
export const boolean = {
  expected: 'true or false',
  schema: once(() => z.boolean({ error: 'true or false' })),
};

/** A JSON/JSONL record field setting (a field name or a dotted path). */
export function recordField(what: string, flag: string, example: string): SettingSpec {
  const expected = `a field name, or a dotted path such as ${example}`;
  return {
    description: `JSON/JSONL record field holding the ${what}`,
    default: undefined,
    expected,
    schema: once(() => z.string({ error: expected }).min(1, { error: expected })),
    flag: { name: flag, type: 'string', group: 'Formats:' },
  };
}
