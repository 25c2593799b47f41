/**
 * The one definition of dupgraf's engine options: defaults, ranges and descriptions.
 * The API, the config file and the CLI flags are all derived from this table.
 */

import { DupgrafError } from '../errors.js';
import { closest } from './suggest.js';

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

/**
 * Thrown when an option value is out of range or of the wrong type (code `INVALID_OPTION`), or
 * an options object has a key that is not an option (code `UNKNOWN_OPTION`).
 */
export class InvalidOptionError extends DupgrafError {
  override name = 'InvalidOptionError';
  /** The option's name, e.g. `threshold`. */
  readonly option: string;
  /** What was expected, e.g. `a number in (0, 1]`. */
  readonly expected: string;
  constructor(
    option: string,
    expected: string,
    received: unknown,
    message = `option "${option}" must be ${expected} (got ${shownValue(received)})`,
    code: 'INVALID_OPTION' | 'UNKNOWN_OPTION' = 'INVALID_OPTION',
  ) {
    super(message, code);
    this.option = option;
    this.expected = expected;
  }
}

/** A value as messages show it (JSON where it can be, else its type). */
function shownValue(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
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

/** Keys of {@link EngineOptions}. */
export const ENGINE_OPTION_KEYS = Object.keys(ENGINE_OPTION_SPECS) as (keyof EngineOptions)[];

/**
 * Checks an options object given through the API before anything runs: an object or undefined,
 * no key outside `known` (a typo gets a suggestion: `unknown option "treshold" of Corpus; did you
 * mean "threshold"?`), every `on…` or `readFile` key a function, `signal` an AbortSignal, engine
 * options in range. Throws {@link InvalidOptionError} (code `INVALID_OPTION`, or
 * `UNKNOWN_OPTION` for an unknown key).
 */
export function checkOptions(options: unknown, known: readonly string[], where: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new InvalidOptionError(`${where} options`, 'an object', options);
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) {
      const near = closest(key, known);
      throw new InvalidOptionError(
        key,
        'known',
        value,
        `unknown option "${key}" of ${where}${near ? `; did you mean "${near}"?` : ''} (known: ${[...known].sort().join(', ')})`,
        'UNKNOWN_OPTION',
      );
    }
    if (value === undefined) continue;
    if ((/^on[A-Z]/.test(key) || key === 'readFile') && typeof value !== 'function')
      throw new InvalidOptionError(key, 'a function', value);
    if (key === 'signal' && !(value instanceof AbortSignal))
      throw new InvalidOptionError(key, 'an AbortSignal', value);
    if (key in ENGINE_OPTION_SPECS) checkOption(key as keyof EngineOptions, value);
  }
}

/** The engine options among `options` (other keys left out). */
export function pickEngineOptions(options: Partial<EngineOptions>): Partial<EngineOptions> {
  const out: Partial<EngineOptions> = {};
  for (const key of ENGINE_OPTION_KEYS) if (options[key] !== undefined) out[key] = options[key];
  return out;
}
