/**
 * A `dupgraf serve` app for the server tests: a temporary archive holding the given stories (an
 * SQLite file, or a fresh schema on a test PostgreSQL server: `backend`), the service over it and
 * the fastify app (not listening unless asked), with the access log lines kept in memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openIndex } from '../../src/archive/open-index.js';
import { openPostgresIndex } from '../../src/archive/postgres-index.js';
import { openSqliteIndex } from '../../src/archive/sqlite-index.js';
import type { ArchiveDocument, StoredStory } from '../../src/archive/prepared-story.js';
import type { CheckConfig, PartialLimits } from '../../src/check/policy.js';
import { buildApp, type ServiceApp } from '../../src/server/app.js';
import { ArchiveService } from '../../src/server/service.js';
import { openPostgresStore } from '../../src/server/postgres-store.js';
import { APPROVALS_META_KEY, sqliteStore } from '../../src/server/sqlite-store.js';
import type { ServiceStore } from '../../src/server/store.js';
import { BIN } from './paths.js';

/**
 * Where test archives live: SQLite files in a temporary folder, or schemas on a test PostgreSQL
 * server (`url(schema)`, see tests/helpers/postgres.ts).
 */
export type TestBackend =
  { kind: 'sqlite' } | { kind: 'postgres'; url: (schema: string) => string };

/** The archive read through a connection of its own (as another process would see it). */
export interface OtherConnection {
  story(id: string): Promise<StoredStory | undefined>;
  /** The approved registry stored with the archive (JSON), or undefined. */
  approvals(): Promise<string | undefined>;
  verify(): Promise<string[]>;
  close(): Promise<void>;
}

let schemas = 0;

/** What {@link startTestApp} sets up. */
export interface TestAppOptions {
  stories?: ArchiveDocument[];
  token?: string;
  protectReads?: boolean;
  bodyLimit?: number;
  maxParagraphs?: number;
  desks?: Record<string, PartialLimits>;
  check?: CheckConfig;
  corsOrigins?: string[];
  today?: string;
  /** Wraps the archive's store (to make it fail as a real one can). */
  wrapStore?: (store: ServiceStore) => ServiceStore;
  /** Default SQLite. */
  backend?: TestBackend;
}

/** A running test app (see the module comment). */
export interface TestApp {
  app: ServiceApp;
  /** The archive: an SQLite file or a `postgres://` URL. */
  location: string;
  /** Opens the archive again, apart from the app's store. */
  otherConnection(): Promise<OtherConnection>;
  /** Access log lines written so far, parsed. */
  logs: Record<string, unknown>[];
  /** The raw log text. */
  logText(): string;
  /** Listens on a free loopback port; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Starts an app over a fresh archive (see the module comment). */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-serve-'));
  const backend = options.backend ?? { kind: 'sqlite' };
  const location =
    backend.kind === 'sqlite'
      ? path.join(dir, 'archive.dupgraf.db')
      : backend.url(`serve_${process.pid}_${++schemas}`);
  const index = await openIndex(location);
  try {
    if (options.stories) await index.addMany(options.stories);
  } finally {
    await index.close();
  }
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const store =
    backend.kind === 'sqlite'
      ? sqliteStore(openSqliteIndex(location))
      : await openPostgresStore(location, { connections: 3 });
  const service = new ArchiveService(options.wrapStore ? options.wrapStore(store) : store, {
    check: options.check,
    desks: options.desks,
    maxParagraphs: options.maxParagraphs ?? 1000,
    bodyLimit,
    auth: {
      writes: options.token ? 'token' : 'disabled',
      reads: options.protectReads ? 'token' : 'open',
    },
    ...(options.today ? { today: () => options.today! } : {}),
  });
  let raw = '';
  const app = await buildApp({
    service,
    token: options.token,
    protectReads: options.protectReads,
    bodyLimit,
    corsOrigins: options.corsOrigins,
    log: { stream: { write: (line: string) => void (raw += line) }, level: 'info' },
  });
  return {
    app,
    location,
    otherConnection: () => otherConnection(location, backend),
    get logs() {
      return raw
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    logText: () => raw,
    async listen() {
      await app.fastify.listen({ host: '127.0.0.1', port: 0 });
      const address = app.fastify.server.address();
      if (!address || typeof address === 'string') throw new Error('no address');
      return `http://127.0.0.1:${address.port}`;
    },
    async close() {
      await app.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function otherConnection(location: string, backend: TestBackend): Promise<OtherConnection> {
  if (backend.kind === 'sqlite') {
    const index = openSqliteIndex(location, { create: false, readonly: true });
    return {
      story: async (id) => index.story(id),
      approvals: async () => index.metaValue(APPROVALS_META_KEY),
      verify: async () => index.verify(),
      close: async () => index.close(),
    };
  }
  const index = await openPostgresIndex(location, { create: false });
  return {
    story: (id) => index.story(id),
    approvals: () => index.approvalRegistry(),
    verify: () => index.verify(),
    close: () => index.close(),
  };
}

/** A running `dupgraf serve`: its base URL once it has said so, and its output so far. */
export interface Served {
  child: ChildProcess;
  base: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/**
 * Starts the built `dupgraf serve` with `args` in `cwd` (environment: PATH, NO_COLOR and `env`);
 * resolves once it says where it listens (on 127.0.0.1), rejects when it exits first.
 */
export function spawnServe(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) resolve({ child, base: m[1], stdout: () => out, stderr: () => err, exit });
    });
    void exit.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

/** A response read whole. */
export interface TestResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with node:http (any method and header, a body as given). */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/**
 * `POST /v1/check?add=true` of `body` to a served `dupgraf serve` whose body arrives in two
 * halves, with SIGTERM sent to the server in between (300 ms after the first half; the rest
 * 500 ms later): the answer to a request in flight when the server is asked to stop.
 */
export function checkAcrossSigterm(
  s: Served,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(new URL(s.base).port),
        path: '/v1/check?add=true',
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 100));
    setTimeout(() => {
      s.child.kill('SIGTERM');
      setTimeout(() => req.end(body.slice(100)), 500);
    }, 300);
  });
}
