/**
 * The desk's policy on recycled copy: limits per story, per-path overrides (like Vale's glob
 * sections) and the zod schema of the `check` section of the config file.
 */

import picomatch from 'picomatch';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { lazySchema, once } from '../lazy-schema.js';

/** The limits applied to one story. */
export interface PolicyLimits {
  /**
   * Maximum share of the story's words in counted recycled paragraphs, 0..1; `null` for no limit.
   * Default 0.4.
   */
  maxBoilerplateShare: number | null;
  /** Maximum number of counted recycled paragraphs, a whole number ≥ 0; `null` (default) for no limit. */
  maxRecycledParagraphs: number | null;
  /** Whether partial reuse (a paragraph mostly inside another) counts as recycled. Default false. */
  countPartials: boolean;
}

/** The default limits: boilerplate share 0.4, no paragraph limit, partial reuse not counted. */
export const DEFAULT_POLICY: Readonly<PolicyLimits> = Object.freeze({
  maxBoilerplateShare: 0.4,
  maxRecycledParagraphs: null,
  countPartials: false,
});

const SHARE = 'a number in [0, 1] or a percentage such as 40%, or null for no limit';

/** A share written as a percentage (`40%`, `12.5 %`) as a number in [0, 1]; anything else as is. */
export function shareValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  return m ? Number(m[1]) / 100 : value;
}
const COUNT = 'a whole number ≥ 0, or null for no limit';
const PATH = 'a file path';

/** The keys of a set of limits (as in the config file and the API). */
const LIMIT_KEYS = [
  'maxBoilerplateShare',
  'maxRecycledParagraphs',
  'countPartials',
] as const satisfies readonly (keyof PolicyLimits)[];

// The schemas are built on first use (see lazy-schema.ts): every `check` loads this module, few
// validate a `check` section or a policy flag.
const limitsShape = once(() => ({
  maxBoilerplateShare: z
    .preprocess(
      shareValue,
      z.number({ error: SHARE }).min(0, { error: SHARE }).max(1, { error: SHARE }).nullable(),
    )
    .optional()
    .describe('maximum share of a story’s words in counted recycled paragraphs (default 0.4)'),
  maxRecycledParagraphs: z
    .number({ error: COUNT })
    .int({ error: COUNT })
    .min(0, { error: COUNT })
    .nullable()
    .optional()
    .describe('maximum number of counted recycled paragraphs per story (default no limit)'),
  countPartials: z
    .boolean({ error: 'true or false' })
    .optional()
    .describe('count partial reuse as recycled (default false)'),
}));

/** The schema of a set of limits, built (on first use). */
export const limitsSchema = once(() => z.strictObject(limitsShape()));

/** Schema of a set of limits (all optional; unknown keys rejected). */
export const policyLimitsSchema = lazySchema(limitsSchema);

/** Keys of the `check` section, for suggestions on unknown keys. */
export const CHECK_CONFIG_KEYS: readonly string[] = [
  ...LIMIT_KEYS,
  'overrides',
  'approved',
  'baseline',
];

/** The schema of the `check` section, built (on first use); see {@link checkConfigSchema}. */
export const checkSectionSchema = once(() =>
  z
    .strictObject({
      ...limitsShape(),
      overrides: z
        .record(z.string(), limitsSchema(), { error: 'an object of limits keyed by glob' })
        // An empty glob matches nothing and picomatch refuses it: say so, naming the key.
        .refine((o) => !Object.hasOwn(o, ''), {
          error: 'an object of limits keyed by non-empty globs (the key "" is empty)',
        })
        .optional()
        .describe('limits for the stories whose path matches a glob; later keys win'),
      approved: z
        .string({ error: PATH })
        .min(1, { error: PATH })
        .optional()
        .describe('approved boilerplate registry (default dupgraf.approved.json)'),
      baseline: z
        .string({ error: PATH })
        .min(1, { error: PATH })
        .optional()
        .describe('baseline file that check --baseline reads by default'),
    })
    .describe('the policy of dupgraf check'),
);

/**
 * Schema of the `check` section of the config file: limits, `overrides` keyed by glob (matched
 * against the story's path relative to the working directory; later keys win), the approved
 * registry path and the baseline path (relative to the config file).
 */
export const checkConfigSchema = lazySchema(checkSectionSchema);

/** The `check` section of the config file, as validated. */
export type CheckConfig = z.infer<typeof checkConfigSchema>;

/** Limits given as partial values (config, override or flags). */
export type PartialLimits = z.infer<typeof policyLimitsSchema>;

function apply(target: PolicyLimits, partial: PartialLimits | undefined): void {
  if (!partial) return;
  if (partial.maxBoilerplateShare !== undefined)
    target.maxBoilerplateShare = partial.maxBoilerplateShare;
  if (partial.maxRecycledParagraphs !== undefined)
    target.maxRecycledParagraphs = partial.maxRecycledParagraphs;
  if (partial.countPartials !== undefined) target.countPartials = partial.countPartials;
}

/** An override's glob as a matcher; a glob picomatch refuses is a ConfigError naming it. */
function compileGlob(glob: string): (path: string) => boolean {
  try {
    return picomatch(glob, { dot: true });
  } catch (error) {
    throw new ConfigError(`check.overrides: glob "${glob}": ${(error as Error).message}`);
  }
}

/** Resolves the limits for story paths: defaults, then the config, its overrides, then flags. */
export class Policy {
  private readonly base: PolicyLimits;
  private readonly overrides: {
    glob: string;
    match: (path: string) => boolean;
    limits: PartialLimits;
  }[];
  private readonly flags: PartialLimits;

  /** `config` is the `check` section (may be empty); `flags` win over everything. */
  constructor(config: CheckConfig = {}, flags: PartialLimits = {}) {
    this.base = { ...DEFAULT_POLICY };
    apply(this.base, config);
    this.overrides = Object.entries(config.overrides ?? {}).map(([glob, limits]) => ({
      glob,
      match: compileGlob(glob),
      limits,
    }));
    this.flags = flags;
  }

  /** The limits for a story path ('/'-separated, relative) and the override globs that matched. */
  forPath(path: string): { limits: PolicyLimits; overrides: string[] } {
    const limits = { ...this.base };
    const matched: string[] = [];
    for (const o of this.overrides) {
      if (!o.match(path)) continue;
      apply(limits, o.limits);
      matched.push(o.glob);
    }
    apply(limits, this.flags);
    return { limits, overrides: matched };
  }
}
