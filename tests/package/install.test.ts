/**
 * The package as a user gets it: `npm pack` of this checkout (its tracked and new files, as a fresh
 * clone has them; `prepare` builds dist/), then `npm install -g ./dupgraf-x.y.z.tgz --omit=dev` into
 * a temporary prefix, without the network (a local registry serves the locked runtime packages,
 * see helpers/local-registry.ts; any other request would go to a dead proxy). The installed
 * `dupgraf` runs scan, check and index; `require('dupgraf')` and `require('dupgraf/engine')` work
 * (and say what to do where require(esm) is off); the types compile in ESM and CommonJS consumers
 * with skipLibCheck off; a consumer using only the stable root API scans, checks, indexes and
 * reports.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { REPO_ROOT } from '../helpers/paths.js';
import { startLocalRegistry, type LocalRegistry } from '../helpers/local-registry.js';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const TARBALL = `${pkg.name}-${pkg.version}.tgz`;

let tmp: string;
let registry: LocalRegistry;
let prefix: string;
let installed: string;
let env: Record<string, string>;
let packOutput: string;

/** Runs a command; returns its exit code and output (never throws). */
function run(cmd: string, args: string[], cwd: string, extra: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...env, ...extra },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Like {@link run}, without blocking: the local registry answers from this process, so npm must
 * run while its event loop turns.
 */
function runAsync(cmd: string, args: string[], cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A prebuilt better-sqlite3 for prebuild-install, made from the one `npm ci` built here: what it
 * would download from GitHub, found in a local folder instead (its `local_prebuilds` setting).
 */
function localPrebuild(dir: string): string {
  const sqlite = path.join(REPO_ROOT, 'node_modules/better-sqlite3');
  const version = JSON.parse(fs.readFileSync(path.join(sqlite, 'package.json'), 'utf8')).version;
  const stage = path.join(dir, 'stage');
  fs.mkdirSync(path.join(stage, 'build/Release'), { recursive: true });
  fs.copyFileSync(
    path.join(sqlite, 'build/Release/better_sqlite3.node'),
    path.join(stage, 'build/Release/better_sqlite3.node'),
  );
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['czf', path.join(dir, name), '-C', stage, 'build']);
  return dir;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-package-'));
  // The checkout as a clone has it (tracked and new files, nothing ignored: no dist/).
  const copy = path.join(tmp, 'checkout');
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    { cwd: REPO_ROOT, encoding: 'utf8' },
  )
    .split('\0')
    .filter((f) => f && fs.existsSync(path.join(REPO_ROOT, f)));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, f), path.join(copy, f));
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  registry = await startLocalRegistry(path.join(REPO_ROOT, 'package-lock.json'));
  prefix = path.join(tmp, 'prefix');
  env = {
    PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`,
    HOME: tmp,
    NO_COLOR: '1',
    npm_config_cache: path.join(tmp, 'npm-cache'),
    npm_config_registry: registry.url,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    // Nothing but the local registry: any other request goes to a closed port.
    npm_config_proxy: 'http://127.0.0.1:9',
    npm_config_https_proxy: 'http://127.0.0.1:9',
    npm_config_noproxy: '127.0.0.1',
    npm_config_better_sqlite3_local_prebuilds: localPrebuild(path.join(tmp, 'prebuilds')),
  };
  const pack = run('npm', ['pack', '--pack-destination', tmp], copy);
  packOutput = pack.stdout + pack.stderr;
  expect(pack.code).toBe(0);
  const install = await runAsync(
    'npm',
    ['install', '-g', '--prefix', prefix, '--omit=dev', path.join(tmp, TARBALL)],
    tmp,
  );
  expect(install.stdout + install.stderr).toMatch(/added \d+ packages?/);
  expect(install.code).toBe(0);
  installed = path.join(prefix, 'lib/node_modules', pkg.name);
}, 600_000);

afterAll(async () => {
  await registry?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('the tarball holds the built code, the schemas and the shrinkwrap, not the sources or tests', () => {
    const list = execFileSync('tar', ['tzf', path.join(tmp, TARBALL)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(list).toEqual(
      expect.arrayContaining([
        'package/bin/dupgraf',
        'package/dist/cli/main.js',
        'package/bin/load-bundle.cjs',
        'package/dist/bundle/dupgraf.cjs', // what bin/dupgraf runs (scripts/build-cli.mjs)
        'package/dist/bundle/dupgraf.cjs.cache', // its code cache (scripts/warm-cli.mjs)
        'package/dist/bundle/dupgraf.cjs.check.cache', // and a check's
        'package/dist/bundle/zod.cjs', // zod, loaded by the bundle to validate something
        'package/dist/bundle/zod.cjs.cache',
        'package/dist/parallel/prepare-worker.js', // the bundle's worker threads run it
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/cjs/index.cjs',
        'package/dist/engine-api.js',
        'package/dist/engine-api.d.ts',
        'package/cjs/engine.cjs',
        'package/schema/report.schema.json',
        'package/npm-shrinkwrap.json',
        'package/README.md',
        'package/CHANGELOG.md',
      ]),
    );
    expect(list.filter((f) => /^package\/(src|tests|bench|corpus)\/|\.map$/.test(f))).toEqual([]);
    // The shrinkwrap holds no development dependency, and the checkout keeps none.
    const shrinkwrap = JSON.parse(
      execFileSync('tar', ['xzf', path.join(tmp, TARBALL), '-O', 'package/npm-shrinkwrap.json'], {
        encoding: 'utf8',
      }),
    );
    expect(Object.keys(shrinkwrap.packages)).not.toContain('node_modules/typescript');
    expect(fs.existsSync(path.join(tmp, 'checkout/npm-shrinkwrap.json'))).toBe(false);
    expect(packOutput).toMatch(/tsc -p tsconfig\.build\.json/); // prepare built dist/
  });
});

describe('npm install -g of the tarball (--omit=dev, no network)', () => {
  test('installs the runtime dependencies only', () => {
    const names = (dir: string) =>
      fs
        .readdirSync(dir)
        .flatMap((n) =>
          n.startsWith('@') ? fs.readdirSync(path.join(dir, n)).map((m) => `${n}/${m}`) : [n],
        );
    const top = names(path.join(installed, 'node_modules')).filter((n) => n !== '.bin');
    for (const dep of Object.keys(pkg.dependencies)) expect(top).toContain(dep);
    // No development-only package (one a runtime dependency also needs, e.g. ajv for fastify,
    // is a runtime package too: the lock does not mark it `dev`).
    const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    for (const dev of Object.keys(pkg.devDependencies))
      if (lock.packages[`node_modules/${dev}`]?.dev === true) expect(top).not.toContain(dev);
    expect(top).not.toContain('typescript');
    expect(top).not.toContain('jest');
    // Everything installed came from the lock's runtime packages (the registry serves no other).
    for (const n of top) expect(registry.packages).toContain(n);
  });

  test('`dupgraf --version` from the prefix', () => {
    const r = run(path.join(prefix, 'bin/dupgraf'), ['--version'], tmp);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `${pkg.version}\n`, '']);
  });

  test('scan, check and index run, and print what the checkout’s own build prints', () => {
    const bin = path.join(prefix, 'bin/dupgraf');
    const own = path.join(REPO_ROOT, 'bin/dupgraf');
    const work = path.join(tmp, 'work');
    fs.cpSync(path.join(REPO_ROOT, 'corpus'), path.join(work, 'corpus'), { recursive: true });
    let r = run(bin, ['scan', 'corpus/'], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Repeated paragraphs: \d+ groups/);
    expect(r.stdout).toBe(run(own, ['scan', 'corpus/'], work).stdout);
    r = run(bin, ['check', 'corpus/port-strike', '--against', 'corpus/'], work);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED: \d+ stories checked/m);
    expect(r.stdout).toBe(
      run(own, ['check', 'corpus/port-strike', '--against', 'corpus/'], work).stdout,
    );
    r = run(bin, ['index', 'add', 'corpus/', '--index', 'archive.db'], work);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const added = /^added (\d+), updated 0, unchanged 0/.exec(r.stdout);
    expect(added).not.toBeNull();
    r = run(bin, ['index', 'verify', '--index', 'archive.db'], work);
    expect(r.code).toBe(0);
    r = run(bin, ['check', 'corpus/river-flood', '--index', 'archive.db', '-f', 'json'], work);
    expect(JSON.parse(r.stdout).summary.archiveDocuments).toBe(Number(added![1]));
  });
});

/**
 * Compiles a consumer's `files` in `dir` with tsc as a strict Node project would (NodeNext,
 * skipLibCheck off, so dupgraf's own declaration files are checked too); `options` add to that.
 */
function compile(dir: string, files: string[], options: Record<string, unknown>) {
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        skipLibCheck: false,
        types: ['node'],
        ...options,
      },
      files,
    }),
  );
  const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  return run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
}

describe('a consumer project', () => {
  let consumer: string;
  beforeAll(() => {
    consumer = path.join(tmp, 'consumer');
    fs.mkdirSync(path.join(consumer, 'node_modules/@types'), { recursive: true });
    fs.symlinkSync(installed, path.join(consumer, 'node_modules', pkg.name));
    fs.symlinkSync(
      path.join(REPO_ROOT, 'node_modules/@types/node'),
      path.join(consumer, 'node_modules/@types/node'),
    );
    fs.writeFileSync(
      path.join(consumer, 'package.json'),
      '{ "name": "consumer", "private": true }\n',
    );
  });

  test('require("dupgraf") and require("dupgraf/engine") work (Node ≥ 20.19 loads the ES modules)', () => {
    const r = run(
      process.execPath,
      [
        '-e',
        'const d = require("dupgraf"); const e = require("dupgraf/engine"); ' +
          'console.log(typeof d.scan, typeof d.check, typeof d.Corpus, d.version, typeof e.tokenize, ' +
          '"tokenize" in d, "scan" in e)',
      ],
      consumer,
    );
    expect([r.code, r.stdout]).toEqual([
      0,
      `function function function ${pkg.version} function false false\n`,
    ]);
    const esm = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        'const e = await import("dupgraf/engine"); console.log(typeof e.segment, typeof e.runCheck)',
      ],
      consumer,
    );
    expect([esm.code, esm.stdout]).toEqual([0, 'function function\n']);
  });

  test('where require(esm) is off, require("dupgraf") says it is an ES module and what to do', () => {
    for (const entry of ['dupgraf', 'dupgraf/engine']) {
      const r = run(
        process.execPath,
        ['--no-experimental-require-module', '-e', `require(${JSON.stringify(entry)})`],
        consumer,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /dupgraf is an ES module, and require\(\) loads ES modules only on Node\.js 20\.19 or newer .* Use `const dupgraf = await import\('[a-z/]+'\)`/,
      );
      expect(r.stderr).toContain(`await import('${entry}')`);
    }
  });

  test('the types compile with skipLibCheck off, in an ES module and a CommonJS project', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /## API in 15 lines\n\n```ts\n([\s\S]*?)```/.exec(readme)![1];
    fs.writeFileSync(
      path.join(consumer, 'esm.mts'),
      `${example}
import type { FileReader, Report, ScanOptions } from 'dupgraf';
import type { IndexableParagraph } from 'dupgraf/engine';
import { openIndex } from 'dupgraf';
const reader: FileReader = async () => new Uint8Array();
const options: ScanOptions = { readFile: reader };
export const used: [IndexableParagraph[], Report | null, ScanOptions, typeof openIndex, number] =
  [[], null, options, openIndex, boilerplateShare + paragraphs.length];
`,
    );
    fs.writeFileSync(
      path.join(consumer, 'cjs.cts'),
      `import dupgraf = require('dupgraf');
export const report: Promise<dupgraf.Report> = dupgraf.scan([{ path: 'a.txt', text: 'x' }]);
`,
    );
    const r = compile(consumer, ['esm.mts', 'cjs.cts'], { noEmit: true });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('a program using only the stable root API scans, checks, indexes and reports', () => {
    const app = path.join(tmp, 'stable-consumer');
    fs.mkdirSync(app);
    fs.symlinkSync(path.join(consumer, 'node_modules'), path.join(app, 'node_modules'));
    fs.writeFileSync(path.join(app, 'package.json'), '{ "private": true, "type": "module" }\n');
    fs.writeFileSync(path.join(app, 'app.ts'), STABLE_CONSUMER);
    const built = compile(app, ['app.ts'], { outDir: 'out' });
    expect(built.stdout + built.stderr).toBe('');
    const r = run(process.execPath, ['out/app.js'], app, { TMPDIR: app });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      version: pkg.version,
      groups: 1,
      text: 'Repeated paragraphs: 1 group',
      failed: true,
      check: 'FAIL  news/b.txt  1 recycled paragraph, boilerplate 61.1%',
      source: BACKGROUND,
      found: [[3, 'archive/a.txt', 3, 1]],
    });
  });
});

const BACKGROUND =
  'The port authority said on Monday that the strike by dock workers had halted all container traffic at the three main terminals.';

/**
 * A consumer's program: it imports from `dupgraf` only (never `dupgraf/engine`) and does the four
 * things the stable API is for: scan, check, index (openIndex, add, query) and report.
 */
const STABLE_CONSUMER = `import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  check,
  Corpus,
  formatCheckReport,
  formatReport,
  openIndex,
  scan,
  version,
  type CheckReport,
  type QueryResult,
  type Report,
} from 'dupgraf';

const background = ${JSON.stringify(BACKGROUND)};
const archived = {
  path: 'archive/a.txt',
  text: \`Strike halts port.\\n\\n\${background}\\n\\nUnions said talks would resume next week in the capital.\`,
};
const story = {
  path: 'news/b.txt',
  text: \`Port still closed.\\n\\n\${background}\\n\\nShipping lines diverted their vessels to other ports on Tuesday morning.\`,
};

const report: Report = await scan([archived, story], { threshold: 0.7 });
const text = formatReport(report, 'text');

const corpus = new Corpus();
corpus.add(archived);
corpus.add(story);
const checked: CheckReport = check({
  stories: [story],
  index: corpus,
  policy: { maxRecycledParagraphs: 0 },
});
const checkText = formatCheckReport(checked, 'text');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-'));
const index = await openIndex(path.join(dir, 'archive.db'));
await index.add(archived);
const found: QueryResult = await index.query(story);
await index.close();

console.log(
  JSON.stringify({
    version,
    groups: report.summary.clusters,
    text: text.split('\\n')[0],
    failed: checked.failed,
    check: checkText.split('\\n')[0],
    source: checked.stories[0].findings[0].sources[0].text,
    found: found.paragraphs.flatMap((p) =>
      p.duplicates.map((d) => [p.line, d.path, d.line, d.jaccard]),
    ),
  }),
);
`;
