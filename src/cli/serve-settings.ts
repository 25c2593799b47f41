/**
 * `dupgraf serve`'s settings: its flags over the config file's `serve` (and `check`) sections
 * over the defaults, each checked once (a `UsageError` names the flag), into one frozen
 * {@link ServeSettings}. serve-command.ts runs the server with them.
 */

import fs from 'node:fs';
import path from 'node:path';
import { hidePassword, isDatabaseUrl } from '../archive/archive-index.js';
import type { CheckConfig } from '../check/policy.js';
import type { EngineOptions } from '../engine/options.js';
import { UsageError } from '../errors.js';
import {
  DEFAULT_BODY_LIMIT,
  DEFAULT_CONNECTIONS,
  DEFAULT_HOST,
  DEFAULT_MAX_PARAGRAPHS,
  DEFAULT_PORT,
  MAX_WORKERS,
  serveConfigSchema,
  type ServeConfig,
} from '../server/serve-config.js';
import { describeFlagValue } from './setting-flags.js';
import { loadConfig } from './config.js';
import type { CliIo } from './cli-io.js';

/** A whole-number flag in [min, max], or the config's value, or the default. */
function wholeNumber(
  flag: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new UsageError(
      `--${flag} must be a whole number in ${min}..${max === Number.MAX_SAFE_INTEGER ? '' : max} (got ${describeFlagValue(value)})`,
    );
  return value;
}

/**
 * The token: from the token file, else DUPGRAF_TOKEN (either trimmed; must not be empty: an
 * empty one is a mistake, e.g. a secret that did not load, not a way to turn writes off).
 */
function readToken(file: string | undefined, shown: string, env: CliIo['env']): string | undefined {
  if (file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read the token file ${shown} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    const token = text.trim();
    if (token === '' || /\s/.test(token))
      throw new UsageError(
        `the token file ${shown} must hold one token (no spaces), and not be empty`,
      );
    return token;
  }
  const token = env.DUPGRAF_TOKEN?.trim();
  if (token === undefined) return undefined;
  if (token === '' || /\s/.test(token))
    throw new UsageError(
      'DUPGRAF_TOKEN must hold one token (no spaces), and not be empty (unset it for a server without writes)',
    );
  return token;
}

/** Where the archive is: a PostgreSQL URL or an SQLite file, and how messages name it. */
export interface ArchiveLocation {
  location: string;
  shown: string;
  database: boolean;
}

/**
 * The archive `serve` uses: `--index` (a file relative to the working directory, or a
 * `postgres://` URL), else the environment's `DUPGRAF_INDEX_URL` (as for the index commands),
 * else the config file's `serve.index` (a file relative to the config file's folder, or a URL).
 */
function archiveLocation(
  flag: unknown,
  io: CliIo,
  fromConfig: string | undefined,
  configDir: string,
): ArchiveLocation {
  const given =
    typeof flag === 'string' && flag !== ''
      ? { value: flag, base: io.cwd }
      : io.env.DUPGRAF_INDEX_URL
        ? { value: io.env.DUPGRAF_INDEX_URL, base: io.cwd }
        : fromConfig !== undefined
          ? { value: fromConfig, base: configDir }
          : null;
  if (given === null)
    throw new UsageError(
      'name the archive index with --index FILE or --index postgres://… (or set DUPGRAF_INDEX_URL, or serve.index in the config file)',
    );
  if (isDatabaseUrl(given.value))
    return { location: given.value, shown: hidePassword(given.value), database: true };
  const file = path.resolve(given.base, given.value);
  return { location: file, shown: path.relative(io.cwd, file) || file, database: false };
}

/** What `serve` resolved from its flags, the config file and the environment, once (frozen). */
export interface ServeSettings {
  archive: ArchiveLocation;
  /** Create the index when it does not exist (`--create`). */
  create: boolean;
  /** SQLite: check the whole file before serving (`--no-quick-check`: not). */
  quickCheck: boolean;
  /** The config file's detection settings (used when the index is created). */
  engine: Readonly<Partial<EngineOptions>>;
  /** PostgreSQL connections (`--connections`), per worker process. */
  connections: number;
  /** Processes serving requests (`--workers`, default 1). */
  workers: number;
  host: string;
  port: number;
  /** Largest request body, bytes. */
  bodyLimit: number;
  /** Most paragraphs one request may check. */
  maxParagraphs: number;
  corsOrigins: readonly string[];
  logLevel: string;
  /** The write token, if any (token file, else DUPGRAF_TOKEN). */
  token: string | undefined;
  /** Reads need the token too. */
  protectReads: boolean;
  /** The config file's `check` section (the policy of POST /check). */
  check: CheckConfig | undefined;
  /** The config file's `serve.desks`. */
  desks: ServeConfig['desks'];
}

/**
 * `serve`'s settings: flags over the config file's `serve` section over the defaults, each
 * checked once (a `UsageError` names the flag); paths from a flag are relative to the working
 * directory, from the config file to its folder.
 */
export async function resolveServeSettings(
  argv: Record<string, unknown>,
  io: CliIo,
): Promise<ServeSettings> {
  const loaded = await loadConfig(io.cwd, argv.config as string | undefined);
  const settings = (loaded?.settings ?? {}) as Partial<EngineOptions> & {
    check?: CheckConfig;
    serve?: ServeConfig;
  };
  const serve = serveConfigSchema.parse(settings.serve ?? {});
  const dir = loaded ? path.dirname(path.resolve(io.cwd, loaded.file)) : io.cwd;
  const archive = archiveLocation(argv.index, io, serve.index, dir);
  const host = (argv.host as string | undefined) ?? serve.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new UsageError('--host: expected an address (got "")');
  const port = wholeNumber('port', argv.port ?? serve.port, DEFAULT_PORT, 0, 65535);
  const bodyLimit = wholeNumber(
    'body-limit',
    argv['body-limit'] ?? serve.bodyLimit,
    DEFAULT_BODY_LIMIT,
    1024,
  );
  const maxParagraphs = wholeNumber(
    'max-paragraphs',
    argv['max-paragraphs'] ?? serve.maxParagraphs,
    DEFAULT_MAX_PARAGRAPHS,
    1,
  );
  const corsOrigins = checkedOrigins(
    (argv['cors-origin'] as string[] | undefined) ?? serve.corsOrigins ?? [],
  );
  const logLevel = checkedLogLevel((argv['log-level'] as string | undefined) ?? serve.logLevel);
  const { token, protectReads } = tokenSettings(argv, io, serve, dir);
  const engine: Partial<EngineOptions> = {};
  for (const key of ['threshold', 'containment', 'shingleSize', 'minWords'] as const)
    if (settings[key] !== undefined) engine[key] = settings[key];
  const { connections, workers } = processSettings(argv, io, serve, archive);
  return Object.freeze({
    archive: Object.freeze(archive),
    create: argv.create === true,
    quickCheck: argv['quick-check'] !== false,
    engine: Object.freeze(engine),
    connections,
    workers,
    host,
    port,
    bodyLimit,
    maxParagraphs,
    corsOrigins: Object.freeze(corsOrigins),
    logLevel,
    token,
    protectReads,
    check: settings.check,
    desks: serve.desks,
  });
}

/**
 * `--connections` (per process) and `--workers` (processes serving requests). `--connections` is
 * the size of a PostgreSQL archive's pool: given with an SQLite archive (one connection per
 * process, which the flag would not change) it is refused; the config file's
 * `serve.connections` is not, so that one config can serve either archive.
 */
function processSettings(
  argv: Record<string, unknown>,
  io: CliIo,
  serve: ServeConfig,
  archive: ArchiveLocation,
): { connections: number; workers: number } {
  if (argv.connections !== undefined && !archive.database)
    throw new UsageError(
      `--connections sizes the pool of a PostgreSQL archive; ${archive.shown} is an SQLite file, which each process opens once (use --workers for more processes)`,
    );
  const connections = wholeNumber(
    'connections',
    argv.connections ?? serve.connections,
    DEFAULT_CONNECTIONS,
    1,
    100,
  );
  const workers = wholeNumber('workers', argv.workers ?? serve.workers, 1, 1, MAX_WORKERS);
  if (workers > 1 && !io.workers)
    throw new UsageError('--workers: this process cannot start worker processes');
  return { connections, workers };
}

/** `--cors-origin` values, each an origin such as `https://cms.example.com` (else a UsageError). */
function checkedOrigins(origins: string[]): string[] {
  for (const origin of origins) {
    let ok = false;
    try {
      ok = new URL(origin).origin === origin.replace(/\/$/, '');
    } catch {
      ok = false;
    }
    if (!ok)
      throw new UsageError(
        `--cors-origin: expected an origin such as https://cms.example.com (got ${JSON.stringify(origin)})`,
      );
  }
  return origins;
}

/** `--log-level` (default `info`), one of the levels the config's schema allows. */
function checkedLogLevel(given: string | undefined): string {
  const logLevel = given ?? 'info';
  const levels = serveConfigSchema.shape.logLevel.unwrap().options as readonly string[];
  if (!levels.includes(logLevel))
    throw new UsageError(
      `--log-level must be one of ${levels.join(', ')} (got ${JSON.stringify(logLevel)})`,
    );
  return logLevel;
}

/** The token (`--token-file`, `serve.tokenFile`, DUPGRAF_TOKEN) and whether reads need it. */
function tokenSettings(
  argv: Record<string, unknown>,
  io: CliIo,
  serve: ServeConfig,
  dir: string,
): { token: string | undefined; protectReads: boolean } {
  const tokenFlag = argv['token-file'] as string | undefined;
  // A path from a flag is relative to the working directory, from the config to its folder.
  const tokenFile =
    typeof tokenFlag === 'string'
      ? path.resolve(io.cwd, tokenFlag)
      : serve.tokenFile !== undefined
        ? path.resolve(dir, serve.tokenFile)
        : undefined;
  const token = readToken(tokenFile, tokenFlag ?? serve.tokenFile ?? '', io.env);
  const protectReads =
    (argv['protect-reads'] as boolean | undefined) ?? serve.protectReads ?? false;
  if (protectReads && !token)
    throw new UsageError('--protect-reads needs a token (--token-file FILE or DUPGRAF_TOKEN)');
  return { token, protectReads };
}
