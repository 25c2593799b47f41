/**
 * `dupgraf serve`: resolves its settings (serve-settings.ts), opens the archive index, starts the
 * HTTP server (src/server) — or, with `--workers N`, worker processes that each do so — and waits
 * for SIGTERM or SIGINT (`io.untilStopped`), then lets the requests in flight finish and closes
 * the index. run.ts loads this module only for `serve`, so no other command loads fastify or pino.
 */

import { shownIndexError } from '../archive/index-errors.js';
import type { EngineOptions } from '../engine/options.js';
import { UsageError } from '../errors.js';
import { buildApp } from '../server/app.js';
import { ArchiveService } from '../server/service.js';
import { sqliteStore } from '../server/sqlite-store.js';
import type { ServiceStore } from '../server/store.js';
import type { CliIo, WorkerProcess, WorkerProcesses } from './cli-io.js';
import {
  resolveServeSettings,
  type ArchiveLocation,
  type ServeSettings,
} from './serve-settings.js';

/**
 * Opens the archive's store (SQLite or PostgreSQL); index errors keep their code (exit 2).
 * `quickCheck`: an SQLite archive is checked first (`PRAGMA quick_check`; a worker of
 * `--workers` skips it: its primary has checked the file).
 */
async function openStore(
  archive: ArchiveLocation,
  engine: Partial<EngineOptions>,
  create: boolean,
  connections: number,
  quickCheck = true,
): Promise<ServiceStore> {
  if (archive.database) {
    const { openPostgresStore } = await import('../server/postgres-store.js');
    return openPostgresStore(archive.location, { ...engine, create, connections });
  }
  const { openSqliteIndex } = await import('../archive/sqlite-index.js');
  try {
    return sqliteStore(openSqliteIndex(archive.location, { ...engine, create, quickCheck }));
  } catch (error) {
    // A missing or read-only folder, damage, …: named as given (see openSqliteIndex).
    throw shownIndexError(error, archive);
  }
}

/** The start-up line: the archive, its stories, the address, and who may write and read. */
function startupLine(settings: ServeSettings, stories: number, port: number): string {
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const workers = settings.workers > 1 ? ` with ${settings.workers} worker processes` : '';
  return (
    `dupgraf: serving ${settings.archive.shown} (${stories.toLocaleString('en-US')} stories) on http://${host}:${port}/${workers}; ` +
    `writes ${settings.token ? 'need the token' : 'are off (no token)'}, reads ${settings.protectReads ? 'need the token' : 'are open'}\n`
  );
}

/** `dupgraf serve`: returns the exit code once stopped (see the module comment). */
export async function runServeCommand(argv: Record<string, unknown>, io: CliIo): Promise<number> {
  const settings = await resolveServeSettings(argv, io);
  if (settings.workers > 1 && io.workers && !io.workers.isWorker)
    return servePrimary(settings, io, io.workers);
  return serveHere(settings, io);
}

/**
 * Serves in this process until stopped. In a worker of `--workers`, the primary has opened (and,
 * with `--create`, made and checked) the archive already: the worker opens it without creating
 * or checking it, tells the primary its port, and leaves the messages to the primary.
 */
async function serveHere(settings: ServeSettings, io: CliIo): Promise<number> {
  const worker = io.workers?.isWorker === true;
  const { token, protectReads, host, port } = settings;
  const store = await openStore(
    settings.archive,
    settings.engine,
    settings.create && !worker,
    settings.connections,
    settings.quickCheck && !worker,
  );
  const service = new ArchiveService(store, {
    check: settings.check,
    desks: settings.desks,
    maxParagraphs: settings.maxParagraphs,
    bodyLimit: settings.bodyLimit,
    auth: { writes: token ? 'token' : 'disabled', reads: protectReads ? 'token' : 'open' },
  });
  const app = await buildApp({
    service,
    token,
    protectReads,
    bodyLimit: settings.bodyLimit,
    corsOrigins: [...settings.corsOrigins],
    log: settings.logLevel === 'silent' ? false : { stream: io.stdout, level: settings.logLevel },
  });
  // Listening for SIGTERM/SIGINT before the port is: a stop as soon as it is open is a clean stop.
  const stopped = io.untilStopped?.() ?? new Promise<string>(() => {});
  try {
    await app.fastify.listen({ host, port });
  } catch (error) {
    await app.shutdown();
    throw new UsageError(`cannot listen on ${host}:${port} (${(error as Error).message})`);
  }
  const address = app.fastify.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  if (worker) io.workers!.tell({ listening: actualPort });
  else io.stderr.write(startupLine(settings, await store.storyCount(), actualPort));
  const signal = await stopped;
  if (!worker)
    io.stderr.write(
      `dupgraf: ${signal}: finishing the requests in flight, then closing the index\n`,
    );
  await app.shutdown();
  if (!worker) io.stderr.write('dupgraf: stopped\n');
  return 0;
}

/** Most replacements of dead workers within {@link RESTART_WINDOW_MS} before the primary gives up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/**
 * The worker processes of `serve --workers N`: starts them, replaces one that dies while serving
 * (up to {@link MAX_RESTARTS} a minute: then `failed` resolves), and stops them all.
 */
class WorkerPool {
  private readonly running = new Set<WorkerProcess>();
  private readonly listening = new Set<WorkerProcess>();
  private readonly restarts: number[] = [];
  private serving = false;
  private stopping = false;
  private giveUp: (reason: string) => void = () => {};
  /** Resolves with a message when workers keep dying. */
  readonly failed = new Promise<string>((resolve) => (this.giveUp = resolve));

  constructor(
    private readonly processes: WorkerProcesses,
    private readonly stderr: CliIo['stderr'],
  ) {}

  /** Starts `count` workers; resolves with the port they listen on, rejects if one cannot start. */
  async startAll(count: number): Promise<number> {
    const ports = await Promise.all(Array.from({ length: count }, () => this.start()));
    this.serving = true;
    return ports[0];
  }

  /** Asks every worker to finish its requests in flight and stop; resolves when all have exited. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const all = [...this.running];
    const exited = all.map((w) => new Promise<void>((done) => w.onExit(() => done())));
    // A worker that has not said it listens may not have its message handler yet.
    for (const w of all)
      if (this.listening.has(w)) w.stop();
      else w.terminate();
    await Promise.all(exited);
  }

  private async start(): Promise<number> {
    const worker = await this.processes.fork();
    this.running.add(worker);
    return new Promise<number>((resolve, reject) => {
      worker.onMessage((message) => {
        const port = (message as { listening?: unknown } | null)?.listening;
        if (typeof port !== 'number') return;
        this.listening.add(worker);
        resolve(port);
      });
      worker.onExit((code, signal) => {
        this.running.delete(worker);
        this.listening.delete(worker);
        const how = signal ?? `exit code ${code}`;
        reject(new Error(how));
        if (this.serving && !this.stopping) this.replace(worker.pid, how);
      });
    });
  }

  private replace(pid: number | undefined, how: string): void {
    const now = Date.now();
    while (this.restarts.length > 0 && now - this.restarts[0] > RESTART_WINDOW_MS)
      this.restarts.shift();
    if (this.restarts.length >= MAX_RESTARTS) {
      this.giveUp(`worker processes keep ending (${MAX_RESTARTS + 1} within a minute)`);
      return;
    }
    this.restarts.push(now);
    this.stderr.write(`dupgraf: worker process ${pid} ended (${how}); starting another\n`);
    this.start().catch(() => {});
  }
}

/**
 * `serve --workers N`: opens the archive once (creating and checking it as a single server
 * would), starts N worker processes that share the address (node:cluster hands each new
 * connection to one of them), replaces a worker that dies, and on SIGTERM/SIGINT asks each to
 * finish its requests in flight and close the archive. Exit code 2 when a worker cannot start
 * (it has said why on the shared stderr) or workers keep dying.
 */
async function servePrimary(
  settings: ServeSettings,
  io: CliIo,
  processes: WorkerProcesses,
): Promise<number> {
  const store = await openStore(
    settings.archive,
    settings.engine,
    settings.create,
    1,
    settings.quickCheck,
  );
  let stories: number;
  try {
    stories = await store.storyCount();
  } finally {
    await store.close();
  }
  const pool = new WorkerPool(processes, io.stderr);
  // Listening for SIGTERM/SIGINT before the workers start: a stop while they start stops them.
  const stopped = io.untilStopped?.() ?? new Promise<string>(() => {});
  let port: number | string;
  try {
    port = await Promise.race([pool.startAll(settings.workers), stopped]);
  } catch {
    await pool.stopAll();
    return 2;
  }
  if (typeof port === 'string') {
    await pool.stopAll();
    return 0;
  }
  io.stderr.write(startupLine(settings, stories, port));
  const end = await Promise.race([
    stopped.then((signal) => ({ signal, failure: '' })),
    pool.failed.then((failure) => ({ signal: '', failure })),
  ]);
  if (end.failure) io.stderr.write(`dupgraf: ${end.failure}: stopping\n`);
  else
    io.stderr.write(
      `dupgraf: ${end.signal}: the workers finish their requests in flight, then close the index\n`,
    );
  await pool.stopAll();
  io.stderr.write('dupgraf: stopped\n');
  return end.failure ? 2 : 0;
}
