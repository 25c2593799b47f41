/**
 * The zod schemas of the HTTP API (`dupgraf serve`): they validate every request and every
 * response, and the OpenAPI document (openapi.ts) is generated from them, so the document cannot
 * drift from what the server does. Each schema registered in {@link apiSchemas} becomes a named
 * component.
 */

import { z } from 'zod';
import { isoDateSchema } from '../check/approvals.js';

/** Schemas that become `components.schemas` of the OpenAPI document, with their names. */
export const apiSchemas = z.registry<{ id: string }>();

const count = z.number().int().min(0);
const line = z.number().int().min(1).describe('1-based line');
const score = z.number().min(0).max(1);

/** A story's date: `YYYY-MM-DD` (midnight UTC) or an ISO 8601 date-time with an offset. */
export const storyDateSchema = z
  .union([
    isoDateSchema(),
    z.iso.datetime({ offset: true, error: 'an ISO 8601 date-time with an offset' }),
  ])
  .describe('the story’s date: YYYY-MM-DD (midnight UTC) or an ISO 8601 date-time');

/**
 * Longest story id, in UTF-16 code units (JavaScript string length): an id stored by
 * `dupgraf index add` is a path (with `#record`), and paths of 1,000 characters and more are
 * rare but real. Every id that can be stored through the API can be read and deleted through it.
 */
export const MAX_STORY_ID = 1024;

/**
 * Longest path parameter fastify takes, in characters of the raw (percent-encoded) URL: every id
 * of {@link MAX_STORY_ID} code units fits, whatever it holds. A code unit is at most 3 bytes of
 * UTF-8 (a character outside the BMP is 4 bytes for 2 code units), so at most 9 characters
 * percent-encoded (`%E2%80%94`). Longer paths get 414 `uri-too-long`, shorter over-long ids 422.
 */
export const MAX_STORY_ID_PARAM = MAX_STORY_ID * 9;

/** Story ids (the archive's keys): any text without control characters, 1–{@link MAX_STORY_ID} characters. */
export const storyIdSchema = z
  .string()
  .min(1)
  .max(MAX_STORY_ID)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters')
  .describe(
    'the story’s id in the archive (stories added by `dupgraf index add` are named by their path, or `file#record`)',
  );

const deskSchema = z
  .string()
  .min(1)
  .max(100)
  .describe(
    'the desk whose policy applies (see the `serve.desks` config); default policy when absent',
  );

const storyFields = {
  date: storyDateSchema.optional(),
  desk: deskSchema.optional(),
};

const textStoryFields = {
  text: z.string().min(1).describe('the story as one text: paragraphs separated by blank lines'),
  format: z
    .enum(['text', 'html', 'markdown'])
    .default('text')
    .describe('how `text` is written (HTML: block elements are paragraphs)'),
};

const structuredStoryFields = {
  headline: z.string().optional().describe('the headline (checked as the first paragraph)'),
  paragraphs: z.array(z.string()).min(1).describe('the paragraphs, in order'),
};

/** A story given as one text. */
export const textStorySchema = z.strictObject({
  ...textStoryFields,
  id: storyIdSchema.optional(),
  ...storyFields,
});
/** A story given as headline and paragraphs. */
export const structuredStorySchema = z.strictObject({
  ...structuredStoryFields,
  id: storyIdSchema.optional(),
  ...storyFields,
});

/**
 * The two forms of a story body, by their fields: a body with fields of both (`text` and
 * `paragraphs`, say) is answered with one error saying to give one form, not with each field of
 * the other form as unknown.
 */
export const STORY_FORMS: readonly (readonly string[])[] = [
  ['text', 'format'],
  ['headline', 'paragraphs'],
];

/** Body of `POST /v1/check`: a story as text, or structured. */
export const checkRequestSchema = z
  .union([textStorySchema, structuredStorySchema])
  .describe('a story to check: `text` (with `format`), or `headline` and `paragraphs`');
apiSchemas.add(checkRequestSchema, { id: 'CheckRequest' });

const putIdSchema = storyIdSchema
  .optional()
  .describe('the id of the path (optional; a different id is refused with 422)');

/** Body of `PUT /v1/stories/{id}` (the id is in the path; an `id` in the body must equal it). */
export const putStoryRequestSchema = z
  .union([
    z.strictObject({ ...textStoryFields, id: putIdSchema, ...storyFields }),
    z.strictObject({ ...structuredStoryFields, id: putIdSchema, ...storyFields }),
  ])
  .describe('the story to store under the id of the path');
apiSchemas.add(putStoryRequestSchema, { id: 'StoryRequest' });

/** A story request of either kind, as validated. */
export type StoryRequest =
  z.output<typeof textStorySchema> | z.output<typeof structuredStorySchema>;

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

/** Query string of `POST /v1/check`. */
export const checkQuerySchema = z.strictObject({
  add: flag.describe(
    'true: store the story (under its id) after checking it, in the same transaction',
  ),
  diff: flag.describe('true: a word diff against each finding’s closest source'),
  draft: flag.describe('true: also return every paragraph of the story as read'),
});

/** Path parameters naming a story. */
export const storyParamsSchema = z.strictObject({ id: storyIdSchema });

const changedFactSchema = z.object({
  from: z.string().describe('as written in the source'),
  to: z.string().describe('as written in the story checked'),
  kind: z.enum(['number', 'date', 'name']),
});

const diffRunSchema = z.object({
  op: z.enum(['=', '-', '+']).describe('`=` kept, `-` only in the source, `+` only in the story'),
  text: z.string(),
});

const sourceSchema = z.object({
  id: z.string().describe('the stored story the paragraph was copied from'),
  line,
  endLine: line,
  date: z
    .string()
    .nullable()
    .describe(
      'the source story’s publication date (ISO 8601; else a date in its path), null when undated',
    ),
  jaccard: score.describe('shingle Jaccard similarity (4 decimals)'),
  containment: score.describe('share of the checked paragraph’s shingles found in the source'),
  text: z.string().optional().describe('the source paragraph (closest source only)'),
  changedFacts: z
    .array(changedFactSchema)
    .optional()
    .describe('numbers, dates and names changed from the source (closest source of a near copy)'),
  diff: z
    .array(diffRunSchema)
    .optional()
    .describe('word diff source → story (closest source, with `?diff=true`)'),
});

const approvalRefSchema = z.object({
  id: z.string(),
  owner: z.string(),
  reason: z.string(),
  expires: z.string().optional(),
});

const findingSchema = z.object({
  paragraph: z.number().int().min(1).describe('position in the story, 1-based'),
  line,
  endLine: line,
  words: count,
  text: z.string().describe('the paragraph, white space collapsed'),
  kind: z.enum(['duplicate', 'partial']),
  status: z
    .enum(['counted', 'approved', 'suppressed'])
    .describe('counted against the policy, or excused (approved boilerplate, inline marker)'),
  fingerprint: z.string().describe('stable id of the finding (16 hex digits)'),
  sources: z.array(sourceSchema).min(1).describe('closest first'),
  origin: z
    .object({ id: z.string(), line, date: z.string() })
    .nullable()
    .describe('the earliest-dated source: where the paragraph first appeared in the archive'),
  approval: approvalRefSchema.optional().describe('the approval that excuses it'),
});

const violationSchema = z.object({
  rule: z.enum(['max-recycled-paragraphs', 'max-boilerplate-share']),
  limit: z.number(),
  actual: z.number(),
  message: z.string(),
});

const policySchema = z.object({
  maxBoilerplateShare: score.nullable(),
  maxRecycledParagraphs: count.nullable(),
  countPartials: z.boolean(),
});

/** Response of `POST /v1/check`. */
export const checkResultSchema = z.object({
  id: z.string().nullable().describe('the story’s id, null when none was given'),
  desk: z.string().nullable(),
  verdict: z.enum(['pass', 'fail']).describe('the desk’s verdict: fail when a rule is broken'),
  policy: policySchema.describe('the limits applied (the desk’s, else the defaults)'),
  words: count.describe('word tokens in the story'),
  paragraphs: count.describe('paragraphs checked (at least min-words words)'),
  recycledParagraphs: count.describe('counted recycled paragraphs'),
  boilerplateShare: score.describe('words in counted recycled paragraphs / words'),
  violations: z.array(violationSchema),
  findings: z.array(findingSchema).describe('every recycled paragraph, by line'),
  draft: z
    .array(
      z.object({
        paragraph: z.number().int().min(1),
        line,
        endLine: line,
        text: z.string(),
      }),
    )
    .optional()
    .describe('with `?draft=true`: every paragraph of the story as read'),
  added: z
    .enum(['added', 'updated', 'unchanged'])
    .nullable()
    .describe('with `?add=true`: what storing the story did; else null'),
  archiveStories: count.describe('stories in the archive when checked'),
  warnings: z.array(z.string()).describe('problems reading the story (it was still checked)'),
});
apiSchemas.add(checkResultSchema, { id: 'CheckResult' });

/** Response of `PUT /v1/stories/{id}`. */
export const putStoryResultSchema = z.object({
  id: z.string(),
  outcome: z.enum(['added', 'updated', 'unchanged']),
  paragraphs: count.describe('paragraphs stored (at least min-words words)'),
});
apiSchemas.add(putStoryResultSchema, { id: 'StoryStored' });

/** Response of `GET /v1/stories/{id}`. */
export const storySchema = z.object({
  id: z.string(),
  date: z
    .string()
    .describe(
      'the story’s date in the archive (ISO 8601): its publication date, else its file’s modification time when added (what index prune goes by)',
    ),
  added: z.string().describe('when it was stored (ISO 8601)'),
  words: count,
  paragraphs: z.array(
    z.object({
      paragraph: z.number().int().min(1),
      line,
      endLine: line,
      words: count,
      text: z.string(),
    }),
  ),
});
apiSchemas.add(storySchema, { id: 'Story' });

/** Response of `GET /v1/stats`. */
export const statsSchema = z.object({
  backend: z.string().describe('the archive’s backend, e.g. sqlite'),
  stories: count,
  paragraphs: count,
  oldest: z.string().nullable().describe('earliest story date (ISO 8601)'),
  newest: z.string().nullable(),
  settings: z.object({
    shingleSize: z.number().int(),
    minWords: z.number().int(),
    lowestThreshold: z.number(),
    threshold: z.number(),
    containment: z.number(),
  }),
  approvals: count.describe('approved boilerplate entries stored with the archive'),
  desks: z.array(z.string()).describe('desks with a policy of their own'),
  limits: z.object({
    bodyBytes: z.number().int(),
    paragraphs: z.number().int(),
  }),
  auth: z.object({
    writes: z.enum(['token', 'disabled']).describe('writes need the bearer token, or are off'),
    reads: z.enum(['token', 'open']),
  }),
});
apiSchemas.add(statsSchema, { id: 'Stats' });

/** Body of `POST /v1/approvals`. */
export const approvalRequestSchema = z.strictObject({
  text: z.string().min(1).describe('the paragraph to approve as boilerplate'),
  owner: z.string().trim().min(1).max(200).describe('who answers for the approval'),
  reason: z.string().trim().min(1).max(1000).describe('why the paragraph may be reused'),
  expires: isoDateSchema()
    .optional()
    .describe('last day (UTC) the approval holds: today or later (a past day is refused with 422)'),
  from: z
    .string()
    .max(MAX_STORY_ID + 16)
    .optional()
    .describe('where it was approved from, e.g. a story id and line'),
});
apiSchemas.add(approvalRequestSchema, { id: 'ApprovalRequest' });

/** One approved paragraph, as stored. */
export const approvalSchema = z.object({
  id: z.string().describe('from the normalized words of `text` (16 hex digits)'),
  text: z.string(),
  owner: z.string(),
  reason: z.string(),
  expires: z.string().optional(),
  added: z.string().optional(),
  from: z.string().optional(),
});

/** Response of `POST /v1/approvals`. */
export const approvalResultSchema = z.object({
  entry: approvalSchema,
  replaced: z.boolean().describe('true when an entry for the same words was replaced'),
});
apiSchemas.add(approvalResultSchema, { id: 'ApprovalStored' });

/** Response of `GET /v1/approvals`. */
export const approvalListSchema = z.object({ entries: z.array(approvalSchema) });
apiSchemas.add(approvalListSchema, { id: 'Approvals' });

/** Response of `/healthz` and `/readyz`. */
export const healthSchema = z.object({ status: z.enum(['ok', 'ready']) });
apiSchemas.add(healthSchema, { id: 'Health' });

/** An error, as `application/problem+json` (RFC 9457) with the API's `code`. */
export const problemSchema = z.object({
  type: z.string().describe('a URI naming the problem: urn:dupgraf:problem:<code>'),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  instance: z.string().describe('the request path'),
  code: z.string().describe('the API’s error code (stable; see docs/server.md)'),
  errors: z
    .array(z.object({ pointer: z.string(), message: z.string() }))
    .optional()
    .describe('for validation-failed: each problem, with a JSON Pointer into the request'),
  reason: z
    .string()
    .optional()
    .describe(
      'for archive-unavailable: the archive’s error code, e.g. INDEX_LOCKED, INDEX_DISK_FULL',
    ),
});
apiSchemas.add(problemSchema, { id: 'Problem' });
