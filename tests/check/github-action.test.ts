/**
 * The GitHub Action as the runner runs it: action.yml's `runs.main` is started with the runner's
 * environment (every input as `INPUT_*`, defaults taken from action.yml, `GITHUB_OUTPUT`,
 * `GITHUB_STEP_SUMMARY`, `GITHUB_API_URL` …) from a copy of the action holding only action.yml
 * and action/ (no node_modules anywhere: nothing is installed at run time), against a workspace
 * of stories, with a local HTTP server standing in for GitHub's code scanning API. And the
 * committed bundle is what `npm run build:action` makes from src/ today.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { BACKGROUND_1, BACKGROUND_2, FRESH } from './texts.js';

interface ActionYml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; steps?: unknown };
}

const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml;
const TOKEN = 'ghs_test-token-0123456789';
const SHA = '4b6472266afd7b471e86085a6659e8c7f2b119da';

/** The action as the runner downloads it: action.yml and action/ only. */
const actionCopy = tempDir('dupgraf-action-copy-');
fs.copyFileSync(path.join(REPO_ROOT, 'action.yml'), path.join(actionCopy, 'action.yml'));
fs.cpSync(path.join(REPO_ROOT, 'action'), path.join(actionCopy, 'action'), { recursive: true });

/** A request the stand-in API received. */
interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
let answer: { status: number; body: unknown } = { status: 202, body: {} };
const received: Received[] = [];
const api = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
});
let apiUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
  fs.rmSync(actionCopy, { recursive: true, force: true });
});

/** A workspace: an archive story and two stories under check, one copying its background. */
function workspace(): string {
  const dir = tempDir('dupgraf-action-ws-');
  writeFiles(dir, {
    'archive/ferry strike.md': story(FRESH[0], BACKGROUND_1, FRESH[1], BACKGROUND_2),
    'news/island.md': story(FRESH[3], BACKGROUND_1, FRESH[4], BACKGROUND_2),
    'news/fresh.md': story(FRESH[5], FRESH[6]),
  });
  return dir;
}

/** What one run of the action left: its log, exit code, outputs, summary. */
interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  ms: number;
}

/**
 * Runs the action's `runs.main` as the runner does: `with` values (else action.yml's defaults,
 * `${{ github.token }}` being the job's token) as `INPUT_*` variables.
 */
async function runAction(ws: string, inputs: Record<string, string>): Promise<ActionRun> {
  const runnerTemp = fs.mkdtempSync(path.join(ws, '..', 'runner-temp-'));
  const outputFile = path.join(runnerTemp, 'output');
  const summaryFile = path.join(runnerTemp, 'summary');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ws,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_API_URL: apiUrl,
    GITHUB_REPOSITORY: 'courier/newsroom',
    GITHUB_SHA: SHA,
    GITHUB_REF: 'refs/pull/7/merge',
    RUNNER_TEMP: runnerTemp,
  };
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = inputs[name] ?? spec.default ?? '';
    env[`INPUT_${name.toUpperCase()}`] = value.replace('${{ github.token }}', TOKEN);
  }
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(actionCopy, action.runs.main)], {
    cwd: ws,
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = performance.now() - started;
  const outputs = Object.fromEntries(
    fs
      .readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code, stdout, stderr, outputs, summary: fs.readFileSync(summaryFile, 'utf8'), ms };
}

/** The workflow commands of a log the runner would act on (outside stop-commands blocks). */
function commands(log: string): string[] {
  const out: string[] = [];
  let stoppedUntil: string | null = null;
  for (const line of log.split('\n')) {
    if (stoppedUntil !== null) {
      if (line === `::${stoppedUntil}::`) stoppedUntil = null;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) stoppedUntil = stop[1];
    else if (line.startsWith('::')) out.push(line);
  }
  return out;
}

describe('action.yml', () => {
  test('is a JavaScript action run by the runner’s Node, with no install step', () => {
    expect(action.runs.using).toBe('node24');
    expect(action.runs.steps).toBeUndefined();
    expect(fs.existsSync(path.join(REPO_ROOT, action.runs.main))).toBe(true);
    expect(action.inputs['upload-sarif'].default).toBe('false');
    expect(action.inputs.annotations.default).toBe('true');
    expect(Object.keys(action.outputs)).toEqual(['exit-code', 'sarif-file', 'sarif-id']);
    for (const spec of Object.values(action.inputs)) expect(spec.description).not.toBe('');
  });
});

describe('the action run as the runner runs it', () => {
  test('a story copying background fails: annotations, summary, outputs, SARIF, no upload', async () => {
    const ws = workspace();
    received.length = 0;
    const r = await runAction(ws, { paths: 'news', against: 'archive\nnews' });
    expect(r.stderr).not.toMatch(/internal error|Error:/);
    expect(r.code).toBe(1);
    const cmds = commands(r.stdout);
    expect(cmds.filter((c) => c.includes('file=news/island.md'))).toEqual([
      expect.stringMatching(
        /^::error title=dupgraf max-boilerplate-share,file=news\/island\.md,line=3,endLine=3::Recycled paragraph: copies archive\/ferry strike\.md:3 /,
      ),
      expect.stringMatching(
        /^::error title=dupgraf max-boilerplate-share,file=news\/island\.md,line=7,endLine=7::/,
      ),
    ]);
    expect(cmds.some((c) => c.includes('fresh.md'))).toBe(false);
    expect(cmds.at(-1)).toMatch(/^::error title=dupgraf check::Stories break the policy/);
    // It names where the findings are: only what was published.
    expect(cmds.at(-1)).toMatch(
      /see the annotations, the job summary.* and the report in the log\.$/,
    );
    // The text report is in the log, with workflow commands off around it.
    expect(r.stdout).toMatch(/::stop-commands::[0-9a-f-]{36}\n[^]*FAIL {2}news\/island\.md/);
    expect(r.summary).toMatch(/^## dupgraf check: failed/);
    expect(r.summary).toMatch(/\| news\/island\.md \| ❌ fail \| 2 \|/);
    expect(r.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'dupgraf.sarif' });
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'dupgraf.sarif'), 'utf8'));
    expect(
      sarif.runs[0].results.filter((x: { level: string }) => x.level === 'error'),
    ).toHaveLength(2);
    expect(received).toEqual([]); // upload-sarif is off by default
  });

  test('clean stories pass with no error annotation', async () => {
    const ws = workspace();
    const r = await runAction(ws, { paths: 'news/fresh.md', against: 'archive news' });
    expect(r.code).toBe(0);
    expect(commands(r.stdout).filter((c) => c.startsWith('::error'))).toEqual([]);
    expect(r.summary).toMatch(/^## dupgraf check: passed/);
    expect(r.outputs['exit-code']).toBe('0');
  });

  test('annotations and the job summary can be turned off', async () => {
    const ws = workspace();
    const r = await runAction(ws, {
      paths: 'news',
      against: 'archive news',
      annotations: 'false',
      'job-summary': 'false',
    });
    expect(r.code).toBe(1);
    expect(commands(r.stdout).filter((c) => c.includes('file='))).toEqual([]);
    expect(r.summary).toBe('');
    // The last line names no annotations and no job summary: there are none.
    expect(commands(r.stdout).at(-1)).toBe(
      '::error title=dupgraf check::Stories break the policy on recycled paragraphs: see the report in the log.',
    );
  });

  test('a bad input is exit 2 with an error naming it', async () => {
    const r = await runAction(workspace(), { 'upload-sarif': 'yes' });
    expect(r.code).toBe(2);
    expect(commands(r.stdout)).toEqual([
      '::error title=dupgraf action::input upload-sarif: expected true or false (got "yes")',
    ]);
    expect(r.outputs).toEqual({ 'exit-code': '2' });
  });

  test('a config error is exit 2, said in the log', async () => {
    const r = await runAction(workspace(), { paths: 'news', config: 'missing.json' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.json/);
    expect(commands(r.stdout).at(-1)).toBe(
      '::error title=dupgraf check::dupgraf check could not run (exit 2): see the log.',
    );
  });
});

describe('upload-sarif: true, through the code scanning REST API', () => {
  test('uploads the gzipped report with the commit and ref; the id is an output', async () => {
    const ws = workspace();
    received.length = 0;
    answer = { status: 202, body: { id: '47177e22-5596-11eb-80a1-c1e54ef945c6', url: 'x' } };
    const r = await runAction(ws, {
      paths: 'news',
      against: 'archive news',
      'upload-sarif': 'true',
    });
    expect(r.code).toBe(1); // the check's verdict
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/repos/courier/newsroom/code-scanning/sarifs');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers.accept).toBe('application/vnd.github+json');
    const body = JSON.parse(req.body);
    expect(body.commit_sha).toBe(SHA);
    expect(body.ref).toBe('refs/pull/7/merge');
    expect(gunzipSync(Buffer.from(body.sarif, 'base64')).toString('utf8')).toBe(
      fs.readFileSync(path.join(ws, 'dupgraf.sarif'), 'utf8'),
    );
    expect(r.outputs['sarif-id']).toBe('47177e22-5596-11eb-80a1-c1e54ef945c6');
    expect(r.stdout).not.toContain(TOKEN);
  });

  test.each([
    [403, 'Advanced Security must be enabled for this repository to use code scanning.'],
    [404, 'Not Found'],
  ])(
    'HTTP %i (code scanning not available) is a notice, not a failed job',
    async (status, message) => {
      answer = { status, body: { message } };
      const r = await runAction(workspace(), { paths: 'news/fresh.md', 'upload-sarif': 'true' });
      expect(r.code).toBe(0);
      const notices = commands(r.stdout).filter((c) => c.startsWith('::notice'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain('::notice title=dupgraf SARIF upload::SARIF upload skipped');
      expect(notices[0]).toContain(`HTTP ${status}: ${message}`);
      expect(notices[0]).toContain('security-events: write');
      expect(r.outputs['sarif-id']).toBeUndefined();
    },
  );

  test('another failure of the API is a warning; the verdict stays the check’s', async () => {
    answer = { status: 500, body: { message: 'Server Error' } };
    const r = await runAction(workspace(), { paths: 'news/fresh.md', 'upload-sarif': 'true' });
    expect(r.code).toBe(0);
    expect(commands(r.stdout)).toEqual([
      expect.stringMatching(
        /^::warning title=dupgraf SARIF upload::SARIF upload skipped: the code scanning API answered HTTP 500: Server Error/,
      ),
    ]);
  });
});

describe('the committed bundle', () => {
  test('is what npm run build:action makes from src/ now (run it and commit action/dist)', () => {
    const out = tempDir('dupgraf-action-build-');
    const r = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'scripts/build-action.mjs'), '--out', out],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = (dir: string) =>
      (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .sort();
    const committed = path.join(REPO_ROOT, 'action/dist');
    const built = files(out);
    const stale = [
      ...built.filter(
        (f) =>
          !fs.existsSync(path.join(committed, f)) ||
          !fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(committed, f))),
      ),
      ...files(committed).filter((f) => !built.includes(f)),
    ];
    if (stale.length > 0)
      throw new Error(
        `action/dist is stale (${stale.join(', ')} differ from a fresh build of src/): ` +
          'run `npm run build:action` and commit action/dist',
      );
    fs.rmSync(out, { recursive: true, force: true });
  });
});
