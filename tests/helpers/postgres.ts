/**
 * A throw-away PostgreSQL server for the tests of the PostgreSQL index: `initdb` into a fresh
 * folder under /tmp, `pg_ctl start` listening on a unix socket in that folder only (no TCP port),
 * stopped and removed by `stop()`. PostgreSQL refuses to run as root, so as root (CI here) the
 * server programs run as the `postgres` user (`runuser`), which Debian's package creates. The
 * programs are found by `postgresBin()` (requirements.ts); suites use
 * `describeNeeding(['postgres'], …)`.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { postgresBin } from './programs.js';

/** A running test server. */
export interface TestPostgres {
  /** A `postgres://` URL of the server's `postgres` database, tables in `schema`. */
  url(schema: string): string;
  /** Stops the server (`mode`: `fast` aborts open transactions and closes connections). */
  stopServer(mode?: 'fast' | 'immediate'): void;
  /** Starts it again after {@link stopServer}. */
  startServer(): void;
  /** Stops the server and removes its folder. */
  stop(): void;
}

function run(command: string[], asPostgres: boolean): SpawnSyncReturns<string> {
  const argv = asPostgres ? ['runuser', '-u', 'postgres', '--', ...command] : command;
  return spawnSync(argv[0], argv.slice(1), {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' },
  });
}

/** Starts a server (see the module comment); throws with its log when it cannot. */
export function startPostgres(): TestPostgres {
  const bin = postgresBin();
  if (bin === null) throw new Error('PostgreSQL server programs not found');
  const root = process.getuid?.() === 0;
  const base = fs.mkdtempSync('/tmp/dupgraf-pg-');
  if (root) {
    const id = (flag: string) =>
      Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    fs.chownSync(base, id('-u'), id('-g'));
  }
  fs.chmodSync(base, 0o755);
  const data = path.join(base, 'data');
  const log = path.join(base, 'log');
  const check = (what: string, r: SpawnSyncReturns<string>) => {
    if (r.status !== 0) {
      let text = '';
      try {
        text = fs.readFileSync(log, 'utf8');
      } catch {
        // no log yet
      }
      throw new Error(`${what} failed: ${r.stderr || r.stdout}\n${text}`);
    }
  };
  check(
    'initdb',
    run(
      [
        path.join(bin, 'initdb'),
        '-D',
        data,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
      ],
      root,
    ),
  );
  const startServer = () =>
    check(
      'pg_ctl start',
      run(
        [
          path.join(bin, 'pg_ctl'),
          '-D',
          data,
          '-l',
          log,
          '-w',
          '-t',
          '120',
          '-o',
          `-k ${base} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=60`,
          'start',
        ],
        root,
      ),
    );
  startServer();
  const stopServer = (mode: 'fast' | 'immediate' = 'fast') =>
    run([path.join(bin, 'pg_ctl'), '-D', data, '-w', '-t', '120', '-m', mode, 'stop'], root);
  return {
    url: (schema) =>
      `postgres://postgres@localhost/postgres?host=${encodeURIComponent(base)}&schema=${schema}`,
    stopServer,
    startServer,
    stop: () => {
      stopServer('immediate');
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
