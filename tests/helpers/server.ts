/**
 * A `dupgraf serve` app for the server tests: a temporary SQLite archive holding the given
 * stories, the service over it and the fastify app (not listening unless asked), with the access
 * log lines kept in memory.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openSqliteIndex, type ArchiveDocument } from '../../src/archive/sqlite-index.js';
import type { CheckConfig, PartialLimits } from '../../src/check/policy.js';
import { buildApp, type ServiceApp } from '../../src/server/app.js';
import { ArchiveService } from '../../src/server/service.js';
import { sqliteStore } from '../../src/server/sqlite-store.js';
import type { ServiceStore } from '../../src/server/store.js';

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
}

/** A running test app (see the module comment). */
export interface TestApp {
  app: ServiceApp;
  /** The archive file. */
  file: string;
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
  const file = path.join(dir, 'archive.dupgraf.db');
  const index = openSqliteIndex(file);
  if (options.stories) index.addMany(options.stories);
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const store = sqliteStore(index);
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
    file,
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
