/**
 * The one definition of dupgraf's engine options: defaults, ranges and descriptions.
 * The API, the config file and the CLI flags are all derived from this table.
 */

import { DupgrafError } from '../errors.js';

/** Options that decide what counts as a repeated paragraph. */
export interface EngineOptions {
  /** Word-shingle Jaccard at or above which two paragraphs are duplicates (0..1]. Default 0.7. */
  threshold: number;
  /**
   * Containment |A∩B|/|A| at or above which (in either direction) two paragraphs that are not
   * duplicates are reported as partial reuse (0..1]. Default 0.6.
   */
  containment: number;
  /** Words per shingle (k of the word k-grams), 1..10. Default 3. */
  shingleSize: number;
  /** Paragraphs with fewer word tokens than this are left out entirely. Default 8. */
  minWords: number;
}

/** Describes one numeric option: default, inclusive range and help text. */
export interface OptionSpec {
  default: number;
  min: number;
  max: number;
  /** `true` when the value must be a whole number. */
  integer: boolean;
  /** `true` when `min` itself is not allowed (e.g. a threshold of 0). */
  exclusiveMin?: boolean;
  description: string;
}

/** Specification of every engine option, keyed by option name. */
export const ENGINE_OPTION_SPECS: { readonly [K in keyof EngineOptions]: OptionSpec } = {
  threshold: {
    default: 0.7,
    min: 0,
    max: 1,
    integer: false,
    exclusiveMin: true,
    description: 'word-shingle Jaccard at or above which two paragraphs are duplicates',
  },
  containment: {
    default: 0.6,
    min: 0,
    max: 1,
    integer: false,
    exclusiveMin: true,
    description:
      'share of one paragraph\u2019s shingles found in another at or above which it is partial reuse',
  },
  shingleSize: {
    default: 3,
    min: 1,
    max: 10,
    integer: true,
    description: 'words per shingle',
  },
  minWords: {
    default: 8,
    min: 1,
    max: 10000,
    integer: true,
    description: 'paragraphs with fewer words are ignored',
  },
};

/** The default engine options (threshold 0.7, containment 0.6, shingleSize 3, minWords 8). */
export const DEFAULT_ENGINE_OPTIONS: Readonly<EngineOptions> = Object.freeze({
  threshold: ENGINE_OPTION_SPECS.threshold.default,
  containment: ENGINE_OPTION_SPECS.containment.default,
  shingleSize: ENGINE_OPTION_SPECS.shingleSize.default,
  minWords: ENGINE_OPTION_SPECS.minWords.default,
});

/** Thrown when an option value is out of range or of the wrong type (code `INVALID_OPTION`). */
export class InvalidOptionError extends DupgrafError {
  override name = 'InvalidOptionError';
  /** The option's name, e.g. `threshold`. */
  readonly option: string;
  /** What was expected, e.g. `a number in (0, 1]`. */
  readonly expected: string;
  constructor(option: string, expected: string, received: unknown) {
    super(
      `option "${option}" must be ${expected} (got ${JSON.stringify(received)})`,
      'INVALID_OPTION',
    );
    this.option = option;
    this.expected = expected;
  }
}

/** Describes the accepted range of an option in words, e.g. `a number in (0, 1]`. */
export function describeRange(spec: OptionSpec): string {
  const kind = spec.integer ? 'a whole number' : 'a number';
  return `${kind} in ${spec.exclusiveMin ? '(' : '['}${spec.min}, ${spec.max}]`;
}

/** Checks one option value against its spec; returns the value or throws InvalidOptionError. */
export function checkOption(name: keyof EngineOptions, value: unknown): number {
  const spec = ENGINE_OPTION_SPECS[name];
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!spec.integer || Number.isInteger(value)) &&
    (spec.exclusiveMin ? value > spec.min : value >= spec.min) &&
    value <= spec.max;
  if (!ok) throw new InvalidOptionError(name, describeRange(spec), value);
  return value as number;
}

/**
 * Merges partial options over the defaults and validates every value.
 * Unknown keys are ignored here (the config loader reports them).
 */
export function resolveEngineOptions(partial: Partial<EngineOptions> = {}): EngineOptions {
  const out = { ...DEFAULT_ENGINE_OPTIONS };
  for (const key of Object.keys(ENGINE_OPTION_SPECS) as (keyof EngineOptions)[]) {
    const value = partial[key];
    if (value !== undefined) out[key] = checkOption(key, value);
  }
  return out;
}

/** Options that decide how text becomes words and which paragraphs are compared (on/off). */
export interface TextOptions {
  /** Strip accents when tokenizing (`é` → `e`, `ø` → `o`; `--fold-accents`). Default false. */
  foldAccents: boolean;
  /** Compare figure rows (paragraphs mostly of figures) too (`--include-tables`). Default false. */
  includeTables: boolean;
}

/** The default text options (both off). */
export const DEFAULT_TEXT_OPTIONS: Readonly<TextOptions> = Object.freeze({
  foldAccents: false,
  includeTables: false,
});

/** Merges partial text options over the defaults; throws InvalidOptionError for a non-boolean. */
export function resolveTextOptions(partial: Partial<TextOptions> = {}): TextOptions {
  const out = { ...DEFAULT_TEXT_OPTIONS };
  for (const key of Object.keys(DEFAULT_TEXT_OPTIONS) as (keyof TextOptions)[]) {
    const value = partial[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new InvalidOptionError(key, 'true or false', value);
    out[key] = value;
  }
  return out;
}
