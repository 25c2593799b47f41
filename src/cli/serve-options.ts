/**
 * The options (yargs) of `dupgraf serve`, apart from what it does (serve-command.ts), so
 * building the parser for another command loads neither the server nor fastify.
 */

import type { Argv } from 'yargs';
import {
  DEFAULT_BODY_LIMIT,
  DEFAULT_CONNECTIONS,
  DEFAULT_HOST,
  DEFAULT_MAX_PARAGRAPHS,
  DEFAULT_PORT,
  MAX_WORKERS,
} from '../server/serve-config.js';
import { NUMBER_AS_TYPED } from './setting-flags.js';
import { examplesHelp, type Example } from './help-examples.js';

/** The examples of `dupgraf serve --help`. */
export const SERVE_EXAMPLES: readonly Example[] = [
  ['dupgraf serve --index archive.dupgraf.db', 'serve the archive on http://127.0.0.1:8708/'],
  [
    'DUPGRAF_TOKEN=… dupgraf serve --index archive.dupgraf.db --port 8080',
    'accept writes from holders of the token',
  ],
];

/** Exit codes of `dupgraf serve`, for `--help`. */
export const SERVE_EXIT_CODES = `Exit codes:
  0  stopped by SIGTERM or SIGINT after finishing the requests in flight
  2  usage or config error; the index is missing, not a dupgraf index, damaged or incompatible;
     the token file cannot be read; the address cannot be listened on; a worker process cannot start`;

/** The options of `dupgraf serve`. */
export function serveOptions(y: Argv) {
  return y
    .option('index', {
      describe:
        'the archive index: an SQLite file or postgres://user@host/db (default $DUPGRAF_INDEX_URL, then serve.index of the config file)',
      type: 'string',
      requiresArg: true,
    })
    .option('host', {
      describe: `address to listen on (default ${DEFAULT_HOST}: this machine only)`,
      type: 'string',
      requiresArg: true,
    })
    .option('port', {
      describe: `port (default ${DEFAULT_PORT}; 0: any free port)`,
      ...NUMBER_AS_TYPED,
    })
    .option('token-file', {
      describe:
        'file holding the bearer token writes need (else DUPGRAF_TOKEN; with neither, no writes)',
      type: 'string',
      requiresArg: true,
    })
    .option('protect-reads', {
      describe: 'reads (check, stories, stats) need the token too',
      type: 'boolean',
    })
    .option('cors-origin', {
      describe: 'an origin whose pages may call the API (CORS; repeat for more; default none)',
      type: 'string',
      array: true,
      requiresArg: true,
    })
    .option('body-limit', {
      describe: `largest request body in bytes (default ${DEFAULT_BODY_LIMIT})`,
      ...NUMBER_AS_TYPED,
    })
    .option('max-paragraphs', {
      describe: `most paragraphs a story may have (default ${DEFAULT_MAX_PARAGRAPHS})`,
      ...NUMBER_AS_TYPED,
    })
    .option('connections', {
      describe: `most connections to a PostgreSQL archive, one per request in flight (default ${DEFAULT_CONNECTIONS})`,
      ...NUMBER_AS_TYPED,
    })
    .option('workers', {
      describe: `processes serving requests, sharing the port (default 1; about one per core, at most ${MAX_WORKERS})`,
      ...NUMBER_AS_TYPED,
    })
    .option('create', {
      describe: 'create the index when it is missing',
      type: 'boolean',
    })
    .option('quick-check', {
      describe:
        'SQLite: check the whole archive file (PRAGMA quick_check, about 3-4 s per GB) before serving; --no-quick-check skips it',
      type: 'boolean',
      default: true,
    })
    .option('log-level', {
      describe: 'access log level on stdout (default info; silent for none)',
      type: 'string',
      requiresArg: true,
    })
    .option('config', {
      alias: 'c',
      describe: 'use this config file (its serve and check sections) instead of searching upward',
      type: 'string',
    })
    .epilog(`${examplesHelp(SERVE_EXAMPLES)}\n\n${SERVE_EXIT_CODES}`);
}
