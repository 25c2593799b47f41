/**
 * The `serve` section of the config file (zod): where the archive is, where to listen, the token
 * file, limits, CORS origins and the policy of each desk. Flags of `dupgraf serve` win over it.
 * Only zod is imported here: the config schema includes this section in every command.
 */

import { z } from 'zod';
import { limitsSchema } from '../check/policy.js';
import { lazySchema, once } from '../lazy-schema.js';

/** Default request body limit, bytes (1 MiB). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Default most paragraphs a story may have. */
export const DEFAULT_MAX_PARAGRAPHS = 1000;
/** Default most connections to a PostgreSQL archive (one per request in flight). */
export const DEFAULT_CONNECTIONS = 4;
/** Most worker processes `serve --workers` starts. */
export const MAX_WORKERS = 64;
/** Default address and port. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8708;

const PATH = 'a file path';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The schema of the `serve` section, built on first use (lazy-schema.ts: every command's config
 * schema includes it, few commands validate one); see {@link serveConfigSchema}.
 */
export const serveSectionSchema = once(() =>
  z
    .strictObject({
      index: z
        .string({ error: PATH })
        .min(1, { error: PATH })
        .optional()
        .describe(
          'the archive index: an SQLite file (relative to the config file) or a postgres:// URL',
        ),
      host: z
        .string({ error: 'an address' })
        .min(1, { error: 'an address' })
        .optional()
        .describe(`address to listen on (default ${DEFAULT_HOST})`),
      port: z
        .number({ error: 'a port 0..65535' })
        .int({ error: 'a port 0..65535' })
        .min(0, { error: 'a port 0..65535' })
        .max(65535, { error: 'a port 0..65535' })
        .optional()
        .describe(`port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`),
      tokenFile: z
        .string({ error: PATH })
        .min(1, { error: PATH })
        .optional()
        .describe('file holding the bearer token writes need (relative to the config file)'),
      protectReads: z
        .boolean({ error: 'true or false' })
        .optional()
        .describe('reads need the token too (default false)'),
      bodyLimit: z
        .number({ error: 'a whole number of bytes ≥ 1024' })
        .int({ error: 'a whole number of bytes ≥ 1024' })
        .min(1024, { error: 'a whole number of bytes ≥ 1024' })
        .optional()
        .describe(`largest request body in bytes (default ${DEFAULT_BODY_LIMIT})`),
      maxParagraphs: z
        .number({ error: 'a whole number ≥ 1' })
        .int({ error: 'a whole number ≥ 1' })
        .min(1, { error: 'a whole number ≥ 1' })
        .optional()
        .describe(`most paragraphs a story may have (default ${DEFAULT_MAX_PARAGRAPHS})`),
      corsOrigins: z
        .array(z.url({ error: 'an origin such as https://cms.example.com' }), {
          error: 'a list of origins',
        })
        .optional()
        .describe('origins whose pages may call the API (CORS); default none'),
      desks: z
        .record(z.string().min(1), limitsSchema(), { error: 'an object of limits keyed by desk' })
        .optional()
        .describe('policy limits of each desk, on top of the check section'),
      connections: z
        .number({ error: 'a whole number 1..100' })
        .int({ error: 'a whole number 1..100' })
        .min(1, { error: 'a whole number 1..100' })
        .max(100, { error: 'a whole number 1..100' })
        .optional()
        .describe(
          `most connections to a PostgreSQL archive, one per request in flight (default ${DEFAULT_CONNECTIONS})`,
        ),
      workers: z
        .number({ error: `a whole number 1..${MAX_WORKERS}` })
        .int({ error: `a whole number 1..${MAX_WORKERS}` })
        .min(1, { error: `a whole number 1..${MAX_WORKERS}` })
        .max(MAX_WORKERS, { error: `a whole number 1..${MAX_WORKERS}` })
        .optional()
        .describe(
          'processes serving requests, sharing the port, each with its own connection to the archive (default 1; about one per core)',
        ),
      logLevel: z
        .enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` })
        .optional()
        .describe('access log level (default info)'),
    })
    .describe('the HTTP service (dupgraf serve)'),
);

/** Schema of the `serve` section (every key optional, unknown keys refused). */
export const serveConfigSchema = lazySchema(serveSectionSchema);

/** The `serve` section, as validated. */
export type ServeConfig = z.infer<typeof serveConfigSchema>;

/** Keys of the `serve` section, for suggestions on unknown keys. */
export function serveConfigKeys(): string[] {
  return Object.keys(serveSectionSchema().shape);
}
