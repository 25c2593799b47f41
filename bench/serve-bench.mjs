/* global performance, fetch, setInterval, clearInterval */
// Load and soak benchmark of `dupgraf serve` (`npm run bench:serve`): starts the built server on
// an existing archive index, on the loopback address only, and drives `POST /v1/check` with real
// stories from ../shared/corpora (BBC stories, new to the archive, and Reuters stories, which the
// benchmark archive holds) from N concurrent connections with autocannon. Phases, each bounded
// in time: warm-up; `GET /healthz` (the HTTP floor, in the same invocation, for the ratio);
// the load run; then the soak, during which the server's RSS is sampled every few seconds.
// Prints a table, the RSS samples, the load average, and one JSON line.
//
// The archive: `DUPGRAF_SERVE_INDEX=FILE` or `DUPGRAF_SERVE_INDEX=postgres://…` (required), e.g.
// one million paragraphs: `dupgraf index add` of Reuters-21578 and bench/generate.mjs stories
// (see docs/performance.md). With PostgreSQL the database's own CPU is not in the server's.
// Environment: DUPGRAF_SERVE_CONNECTIONS (16), DUPGRAF_SERVE_SECONDS (60, the load run),
// DUPGRAF_SOAK_SECONDS (600; 0 skips the soak), DUPGRAF_SERVE_STORIES (500), DUPGRAF_SERVE_FLAGS
// (more flags for `dupgraf serve`, e.g. `--connections 8`), DUPGRAF_SERVE_DB_PID (the process id
// of a PostgreSQL server on this machine, the first line of its data folder's postmaster.pid:
// its CPU, summed over its processes, is then reported too, per check).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPORA = path.resolve(ROOT, '../shared/corpora');
const INDEX = process.env.DUPGRAF_SERVE_INDEX;
const CONNECTIONS = Number(process.env.DUPGRAF_SERVE_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.DUPGRAF_SERVE_SECONDS ?? 60);
const SOAK = Number(process.env.DUPGRAF_SOAK_SECONDS ?? 600);
const STORIES = Number(process.env.DUPGRAF_SERVE_STORIES ?? 500);
const SAMPLE_MS = 5000;
const DB_PID = process.env.DUPGRAF_SERVE_DB_PID ? Number(process.env.DUPGRAF_SERVE_DB_PID) : null;

if (!INDEX) {
  console.error('bench:serve: set DUPGRAF_SERVE_INDEX to an archive index (see the header)');
  process.exit(2);
}

/** Every k-th file of a corpus folder (sorted), as request bodies. */
function stories(folder, count, offset) {
  const dir = path.join(CORPORA, folder);
  const names = [];
  for (const entry of fs.readdirSync(dir, { recursive: true }))
    if (String(entry).endsWith('.txt')) names.push(String(entry));
  names.sort();
  const step = Math.max(1, Math.floor(names.length / count));
  const out = [];
  for (let i = offset; i < names.length && out.length < count; i += step)
    out.push(fs.readFileSync(path.join(dir, names[i]), 'utf8'));
  return out;
}

/** The server's process and, with `--workers`, its worker processes (from /proc). */
function processTree(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of fs.readdirSync(`/proc/${out[i]}/task`)) {
        const kids = fs.readFileSync(`/proc/${out[i]}/task/${task}/children`, 'utf8');
        for (const kid of kids.split(' ').filter(Boolean)) out.push(Number(kid));
      }
    } catch {
      // gone
    }
  }
  return out;
}

/**
 * The server's resident set size in MB (from /proc), summed over its processes: `mb` in all,
 * `anon` their own memory (heap, native allocations: what a leak grows), `file` pages of mapped
 * files (the SQLite index is memory-mapped: these grow as the archive is read and are the page
 * cache's, not the process's; workers map the same pages, so `file` counts them once per
 * process). Null when it is gone.
 */
function rssMb(pid) {
  const sum = { mb: 0, anon: 0, file: 0 };
  let seen = false;
  for (const p of processTree(pid)) {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = (field) =>
        Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
      sum.mb += kb('VmRSS');
      sum.anon += kb('RssAnon');
      sum.file += kb('RssFile') + kb('RssShmem');
      seen = true;
    } catch {
      // gone
    }
  }
  return seen ? sum : null;
}

/** CPU seconds (user + system) the server's processes have used, from /proc. */
function cpuSeconds(pid) {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // gone
    }
  }
  return total;
}

function startServer() {
  return new Promise((resolve, reject) => {
    const args = [path.join(ROOT, 'bin/dupgraf'), 'serve', '--index', INDEX, '--port', '0'];
    args.push('--host', '127.0.0.1', '--max-paragraphs', '2000');
    args.push(...(process.env.DUPGRAF_SERVE_FLAGS ?? '').split(' ').filter(Boolean));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`dupgraf serve exited ${code}: ${err}`)));
  });
}

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, timeout: 30, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const errorsOf = (r) => r.errors + r.timeouts + r.non2xx;
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function main() {
  const bodies = [
    ...stories('bbc', Math.round(STORIES * 0.75), 0),
    ...stories('reuters21578', Math.round(STORIES * 0.25), 3),
  ];
  const requests = bodies.map((text) => ({
    method: 'POST',
    path: '/v1/check',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  }));
  const started = performance.now();
  const { child, url } = await startServer();
  const pid = child.pid;
  console.log(
    `dupgraf serve on ${url}, archive ${INDEX}; ${requests.length} stories ` +
      `(${Math.round(STORIES * 0.75)} BBC, ${Math.round(STORIES * 0.25)} Reuters), ${CONNECTIONS} connections; ` +
      `${os.cpus().length} cores, load average ${load()}`,
  );
  try {
    // A probe: every story checks without error (a problem here would hide in the counts).
    for (const r of requests.slice(0, 20)) {
      const res = await fetch(url + r.path, { method: 'POST', headers: r.headers, body: r.body });
      if (res.status !== 200) throw new Error(`probe: ${res.status} ${await res.text()}`);
    }
    await run({ url, requests, duration: 10 }); // warm-up
    const floor = await run({ url: `${url}/healthz`, duration: 10 });
    const cpu0 = cpuSeconds(pid);
    const db0 = DB_PID === null ? 0 : cpuSeconds(DB_PID);
    const loadBefore = load();
    const main = await run({ url, requests, duration: SECONDS });
    const cpu = cpuSeconds(pid) - cpu0;
    const dbCpu = DB_PID === null ? null : cpuSeconds(DB_PID) - db0;
    const loadAfter = load();
    const rows = [
      ['POST /v1/check', main],
      ['GET /healthz (HTTP floor)', floor],
    ];
    console.log('');
    console.log(
      '| request | connections | seconds | requests/s | p50 ms | p97.5 ms | p99 ms | max ms | errors |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const [name, r] of rows)
      console.log(
        `| ${name} | ${r.connections} | ${r.duration.toFixed(0)} | ${r.requests.average.toFixed(0)} | ` +
          `${r.latency.p50} | ${r.latency.p97_5} | ${r.latency.p99} | ${r.latency.max} | ${errorsOf(r)} |`,
      );
    console.log('');
    console.log(
      `check throughput is ${(main.requests.average / floor.requests.average).toFixed(3)} of the /healthz floor; ` +
        `server CPU ${cpu.toFixed(1)} s in ${main.duration.toFixed(0)} s (${(cpu / main.duration).toFixed(2)} cores, ` +
        `${((1000 * cpu) / main.requests.total).toFixed(2)} ms per check); ` +
        (dbCpu === null
          ? ''
          : `database CPU ${dbCpu.toFixed(1)} s (${(dbCpu / main.duration).toFixed(2)} cores, ` +
            `${((1000 * dbCpu) / main.requests.total).toFixed(2)} ms per check); `) +
        `load average ${loadBefore} before, ${loadAfter} after`,
    );

    let soak = null;
    if (SOAK > 0) {
      const samples = [];
      const t0 = performance.now();
      const sample = () =>
        samples.push({ s: Math.round((performance.now() - t0) / 1000), ...rssMb(pid) });
      sample();
      const timer = setInterval(sample, SAMPLE_MS);
      const r = await run({ url, requests, duration: SOAK });
      clearInterval(timer);
      sample();
      const mbs = samples.map((x) => x.mb);
      const firstMinute = samples.filter((x) => x.s <= 60);
      const lastMinute = samples.filter((x) => x.s >= samples.at(-1).s - 60);
      const mean = (xs, field = 'mb') => xs.reduce((a, b) => a + b[field], 0) / xs.length;
      soak = {
        seconds: r.duration,
        requests: r.requests.total,
        requestsPerSecond: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: errorsOf(r),
        rssStartMb: mbs[0],
        rssMinMb: Math.min(...mbs),
        rssMaxMb: Math.max(...mbs),
        rssEndMb: mbs.at(-1),
        rssFirstMinuteMeanMb: mean(firstMinute),
        rssLastMinuteMeanMb: mean(lastMinute),
        anonFirstMinuteMeanMb: mean(firstMinute, 'anon'),
        anonLastMinuteMeanMb: mean(lastMinute, 'anon'),
        anonMaxMb: Math.max(...samples.map((x) => x.anon)),
        fileFirstMinuteMeanMb: mean(firstMinute, 'file'),
        fileLastMinuteMeanMb: mean(lastMinute, 'file'),
        samples,
        loadAverage: load(),
      };
      console.log('');
      console.log(
        `soak: ${r.requests.total} checks in ${r.duration.toFixed(0)} s (${r.requests.average.toFixed(0)}/s, ` +
          `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${errorsOf(r)}); RSS MB ` +
          `start ${soak.rssStartMb.toFixed(0)}, min ${soak.rssMinMb.toFixed(0)}, max ${soak.rssMaxMb.toFixed(0)}, ` +
          `end ${soak.rssEndMb.toFixed(0)}; mean of the first minute ${soak.rssFirstMinuteMeanMb.toFixed(0)}, ` +
          `of the last minute ${soak.rssLastMinuteMeanMb.toFixed(0)}; of which the process's own (RssAnon): ` +
          `first minute ${soak.anonFirstMinuteMeanMb.toFixed(0)}, last minute ${soak.anonLastMinuteMeanMb.toFixed(0)}, ` +
          `max ${soak.anonMaxMb.toFixed(0)}; mapped index pages (RssFile): first minute ` +
          `${soak.fileFirstMinuteMeanMb.toFixed(0)}, last minute ${soak.fileLastMinuteMeanMb.toFixed(0)}; ` +
          `load average ${soak.loadAverage}`,
      );
      console.log(
        `RSS samples (s:all/own MB): ${samples.map((x) => `${x.s}:${x.mb.toFixed(0)}/${x.anon.toFixed(0)}`).join(' ')}`,
      );
    }
    console.log('');
    console.log(
      JSON.stringify({
        index: INDEX,
        connections: CONNECTIONS,
        stories: requests.length,
        check: {
          seconds: main.duration,
          requestsPerSecond: main.requests.average,
          p50: main.latency.p50,
          p97_5: main.latency.p97_5,
          p99: main.latency.p99,
          max: main.latency.max,
          errors: errorsOf(main),
          serverCpuSeconds: cpu,
          serverCpuMsPerCheck: (1000 * cpu) / main.requests.total,
          databaseCpuSeconds: dbCpu,
          databaseCpuMsPerCheck: dbCpu === null ? null : (1000 * dbCpu) / main.requests.total,
        },
        healthz: { requestsPerSecond: floor.requests.average, p99: floor.latency.p99 },
        soak: soak && { ...soak, samples: undefined },
        loadAverage: { before: loadBefore, after: loadAfter },
        wallSeconds: (performance.now() - started) / 1000,
      }),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

await main();
