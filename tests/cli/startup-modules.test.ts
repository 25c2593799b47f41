/**
 * Start-up cost: the CLI loads a command's code, a reporter, SQLite or YAML only when the run
 * needs them. The built CLI is run with a recorder (`--import`): an ESM `load` hook and a
 * `require` hook append every module loaded to a log file. A plain `scan -f json` must not load
 * the heavy modules; the same recorder sees each of them when a run does need it (so the test
 * would see an eager import). This is checked on the modules tsc writes (dist/cli/main.js), one
 * file per module; bin/dupgraf runs the bundle of the same modules (dist/bundle/dupgraf.cjs,
 * built by scripts/build-cli.mjs, with its code cache): the last tests check that it gives the
 * same reports, loads no library it does not need, reads far fewer files and takes its cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from '@jest/globals';
import { writeTree } from '../helpers/cli.js';
import { BIN, REPO_ROOT } from '../helpers/paths.js';
import { CHUNKED_REPORTERS, FORMATS } from '../../src/reporters/index.js';
import { loadChunkedReporter } from '../../src/reporters/formats.js';
import { CHECK_FORMATS, CHECK_REPORTERS } from '../../src/reporters/check-formats.js';
import { CHECK_REPORTER_LOADERS } from '../../src/reporters/check-format-names.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-startup-'));
const PARAGRAPH =
  'The council said on Tuesday that the ring road would stay closed for at least another week.';
writeTree(dir, {
  'record.mjs': `import fs from 'node:fs';
import Module from 'node:module';
const log = process.env.MODULE_LOG;
Module.register(new URL('./hooks.mjs', import.meta.url), { data: { log } });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolve.apply(this, args);
  fs.appendFileSync(log, 'require ' + file + '\\n');
  return file;
};
`,
  'hooks.mjs': `import fs from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) {
  fs.appendFileSync(log, 'import ' + url + '\\n');
  return next(url, context);
}
`,
  'text/a.txt': `Headline\n\n${PARAGRAPH}\n`,
  'text/b.txt': `Other\n\n${PARAGRAPH}\n`,
  'yaml-config/.dupgrafrc.yaml': 'threshold: 0.6\n',
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The CLI as tsc builds it, one file per module (bin/dupgraf runs the bundle of it). */
const UNBUNDLED = path.join(REPO_ROOT, 'dist/cli/main.js');

let runs = 0;
/**
 * Runs the CLI (`bin`, default the unbundled one) with the recorder; returns its exit code,
 * stderr and the files it loaded.
 */
function modulesOf(args: string[], cwd = dir, bin = UNBUNDLED) {
  const log = path.join(dir, `modules-${++runs}.log`);
  fs.writeFileSync(log, '');
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(path.join(dir, 'record.mjs')).href, bin, ...args],
    { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', MODULE_LOG: log } },
  );
  const loaded = fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^\w+ (file:\/\/)?/, '').replace(/\\/g, '/'));
  return { code: r.status, stderr: r.stderr, loaded };
}

/** Packages, and the repository's modules (as dist/…), that a run has loaded. */
function names(loaded: string[]): Set<string> {
  const out = new Set<string>();
  for (const file of loaded) {
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (pkg) out.add(pkg[1]);
    const own = /\/dist\/(.+)\.js$/.exec(file);
    if (own && !file.includes('/node_modules/')) out.add(`dist/${own[1]}`);
  }
  return out;
}

/** Loaded only when a run needs them; never by a plain `scan -f json`. */
const HEAVY = [
  'better-sqlite3',
  'node-sarif-builder',
  'yaml',
  'smol-toml',
  'string-similarity',
  'dist/cli/check-command',
  'dist/cli/index-command',
  'dist/cli/check-config',
  'dist/archive/sqlite-index',
  'dist/check/run-check',
  'dist/reporters/index',
  'dist/reporters/check-formats',
  'dist/reporters/html',
  'dist/reporters/text',
  'dist/reporters/markdown',
  'dist/reporters/csv',
  'dist/reporters/sarif',
  'fastify',
  'pino',
  'dist/cli/serve-command',
  'dist/server/app',
];

describe('the CLI loads heavy modules only when a run needs them', () => {
  test('a plain scan -f json loads none of them', () => {
    const r = modulesOf(['scan', 'text', '-f', 'json', '-o', 'report.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = names(r.loaded);
    // The recorder works: the run's own modules and libraries are in the log.
    expect(got).toContain('dist/cli/run');
    expect(got).toContain('dist/reporters/json');
    expect(got).toContain('yargs');
    expect(got).toContain('fast-glob'); // a folder is walked
    expect(HEAVY.filter((name) => got.has(name))).toEqual([]);
    expect(
      JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).clusters,
    ).toHaveLength(1);
  });

  test('a scan of files only does not load fast-glob either', () => {
    const r = modulesOf(['scan', 'text/a.txt', 'text/b.txt', '-f', 'json', '-o', 'files.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect([...HEAVY, 'fast-glob'].filter((name) => names(r.loaded).has(name))).toEqual([]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'files.json'), 'utf8')).clusters).toHaveLength(
      1,
    );
  });

  test('--version loads none of them, nor the CLI: only the version', () => {
    const r = modulesOf(['--version']);
    expect(r.code).toBe(0);
    const got = names(r.loaded);
    expect(got).toContain('dist/cli/main');
    expect([...got].sort()).toEqual(['dist/cli/main', 'dist/tool-info']);
  });

  /** What only `scan` runs: its code, the engine's comparison, the worker threads. */
  const SCAN_RUN = [
    'dist/cli/scan-command',
    'dist/scan',
    'dist/engine/detect',
    'dist/parallel/prepare-files',
  ];
  /** Each command's options, loaded for that command only. */
  const OPTIONS = [
    'dist/cli/scan-options',
    'dist/cli/check-options',
    'dist/cli/index-options',
    'dist/cli/serve-options',
  ];

  test('--help of a command loads its options only, and runs nothing', () => {
    const scanHelp = modulesOf(['scan', '--help']);
    expect(scanHelp.code).toBe(0);
    const got = names(scanHelp.loaded);
    expect(got).toContain('dist/cli/scan-options');
    expect([...HEAVY, ...SCAN_RUN, ...OPTIONS].filter((name) => got.has(name))).toEqual([
      'dist/cli/scan-options',
    ]);
    const top = names(modulesOf(['--help']).loaded);
    expect([...HEAVY, ...SCAN_RUN, ...OPTIONS, 'zod'].filter((name) => top.has(name))).toEqual([]);
  });

  test('check loads neither scan’s code nor the reporters of other formats', () => {
    const r = modulesOf(['check', 'text/a.txt', '--against', 'text', '-f', 'json', '-o', 'c.json']);
    expect(r.stderr).not.toMatch(/internal error/);
    const got = names(r.loaded);
    expect(got).toContain('dist/cli/check-command');
    expect(got).toContain('dist/reporters/check-json');
    expect(
      [
        ...SCAN_RUN,
        'dist/cli/scan-options',
        'dist/cli/index-options',
        'dist/cli/serve-options',
        'dist/reporters/check-formats',
        'dist/reporters/check-html',
        'dist/reporters/check-text',
        'node-sarif-builder',
        'yaml',
        'better-sqlite3',
        'fastify',
        'pino',
        // A plain check is read without yargs (check-args.ts).
        'yargs',
        'dist/cli/parser',
      ].filter((name) => got.has(name)),
    ).toEqual([]);
  });

  test('each is loaded when the run needs it (the recorder sees them)', () => {
    // A flag the quick reader of check's arguments leaves to yargs: yargs parses.
    const parsed = names(modulesOf(['check', 'text', '--threshold', '0.9', '-q']).loaded);
    expect(parsed).toContain('yargs');
    expect(parsed).toContain('dist/cli/parser');

    const html = names(modulesOf(['scan', 'text', '-f', 'html', '-o', 'report.html']).loaded);
    expect(html).toContain('dist/reporters/html');
    expect(html).not.toContain('dist/reporters/text');

    const text = names(modulesOf(['scan', 'text']).loaded);
    expect(text).toContain('dist/reporters/text');
    expect(text).toContain('string-similarity');

    const yamlConfig = modulesOf(['scan', '../text', '-f', 'json'], path.join(dir, 'yaml-config'));
    expect(yamlConfig.code).toBe(0);
    expect(names(yamlConfig.loaded)).toContain('yaml');

    const index = path.join(dir, 'archive.db');
    expect(modulesOf(['index', 'add', 'text', '--index', index]).code).toBe(0);
    const scanIndex = names(modulesOf(['scan', 'text', '-f', 'json', '--index', index]).loaded);
    expect(scanIndex).toContain('better-sqlite3');
    expect(scanIndex).toContain('dist/cli/index-command');

    const check = modulesOf(['check', 'text', '-f', 'sarif', '-o', 'check.sarif']);
    expect(check.stderr).not.toMatch(/internal error/);
    const checked = names(check.loaded);
    expect(checked).toContain('dist/cli/check-command');
    expect(checked).toContain('node-sarif-builder');
    expect(checked).not.toContain('fastify');
    expect(checked).not.toContain('better-sqlite3'); // only `check --index` opens an archive

    // `serve` loads the server; a bad port stops it before it listens.
    const serve = modulesOf(['serve', '--index', index, '--port', '99999']);
    expect(serve.code).toBe(2);
    const served = names(serve.loaded);
    expect(served).toContain('dist/cli/serve-command');
    expect(served).toContain('fastify');
  });
});

/** The repository's own files a run loaded (bin/, dist/, package.json), relative, once each. */
function ownFiles(loaded: string[]): string[] {
  const own = loaded
    .filter((file) => path.isAbsolute(file) && !file.includes('/node_modules/'))
    .map((file) => path.relative(REPO_ROOT, file).split(path.sep).join('/'));
  return [...new Set(own)].sort();
}

describe('bin/dupgraf runs the bundle (dist/bundle/)', () => {
  test('--version loads no module but bin/dupgraf (it reads package.json)', () => {
    const r = modulesOf(['--version'], dir, BIN);
    expect(r.code).toBe(0);
    expect(ownFiles(r.loaded)).toEqual(['bin/dupgraf']);
    expect(names(r.loaded)).toEqual(new Set());
  });

  test('check of one story: same report, no library it does not need, a fraction of the files', () => {
    const args = ['check', 'text/a.txt', '--against', 'text', '-f', 'json', '-o'];
    const bundled = modulesOf([...args, 'bundled.json'], dir, BIN);
    const unbundled = modulesOf([...args, 'unbundled.json']);
    expect(bundled.stderr).toBe(unbundled.stderr);
    expect(bundled.code).toBe(unbundled.code);
    expect(fs.readFileSync(path.join(dir, 'bundled.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'unbundled.json'), 'utf8'),
    );
    expect(ownFiles(bundled.loaded)).toEqual([
      'bin/dupgraf',
      'bin/load-bundle.cjs',
      'package.json',
    ]);
    const got = names(bundled.loaded);
    expect(
      [
        'better-sqlite3',
        'fastify',
        'pino',
        'fast-glob', // bundled: not read from node_modules
        'yargs',
        'zod',
      ].filter((name) => got.has(name)),
    ).toEqual([]);
    const files = (loaded: string[]) => loaded.filter((file) => path.isAbsolute(file)).length;
    expect(files(bundled.loaded) * 3).toBeLessThan(files(unbundled.loaded));
  });

  test('zod is evaluated only when a run validates a setting, a config file or a registry', () => {
    // zod's modules make globalThis.__zod_globalRegistry when they are evaluated.
    const probe = path.join(dir, 'zod-probe.cjs');
    fs.writeFileSync(
      probe,
      `process.on('exit', () => require('node:fs').writeFileSync(process.env.ZOD_LOG, String('__zod_globalRegistry' in globalThis)));\n`,
    );
    const evaluated = (bin: string, args: string[], cwd = dir) => {
      const log = path.join(dir, `zod-${++runs}.log`);
      const r = spawnSync(process.execPath, ['--require', probe, bin, ...args], {
        cwd,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, NO_COLOR: '1', ZOD_LOG: log },
      });
      return { code: r.status, stderr: r.stderr, zod: fs.readFileSync(log, 'utf8') === 'true' };
    };
    // The story repeats the other one: a policy violation, exit 1.
    const check = ['check', 'text/a.txt', '--against', 'text', '-q'];
    // The unbundled CLI imports zod with the settings: the probe sees it.
    expect(evaluated(UNBUNDLED, check)).toEqual({ code: 1, stderr: '', zod: true });
    expect(evaluated(BIN, check)).toEqual({ code: 1, stderr: '', zod: false });
    // A setting flag, a bad one, a config file: validated with zod (dist/bundle/zod.cjs, with
    // its code cache, made by the build's scan).
    expect(fs.existsSync(path.join(REPO_ROOT, 'dist/bundle/zod.cjs.cache'))).toBe(true);
    expect(evaluated(BIN, [...check, '--threshold', '0.8'])).toEqual({
      code: 1,
      stderr: '',
      zod: true,
    });
    expect(evaluated(BIN, [...check, '--threshold', '2'])).toEqual({
      code: 2,
      stderr: 'dupgraf: --threshold: expected a number in (0, 1] (got 2)\n',
      zod: true,
    });
    expect(evaluated(BIN, ['check', 'nothing-here.txt'], path.join(dir, 'yaml-config'))).toEqual(
      expect.objectContaining({ code: 2, zod: true }),
    );
  });

  test('check --index: better-sqlite3 is bundled but its native library, same report', () => {
    const index = path.join(dir, 'bundle-archive.db');
    expect(modulesOf(['index', 'add', 'text/b.txt', '--index', index], dir, BIN).code).toBe(0);
    const args = ['check', 'text/a.txt', '--index', index, '-f', 'json', '-o'];
    const bundled = modulesOf([...args, 'indexed-bundled.json'], dir, BIN);
    const unbundled = modulesOf([...args, 'indexed-unbundled.json']);
    expect(bundled.stderr).toBe(unbundled.stderr);
    expect(bundled.code).toBe(1); // the story repeats the archived one
    expect(unbundled.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'indexed-bundled.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'indexed-unbundled.json'), 'utf8'),
    );
    const sqliteFiles = (loaded: string[]) =>
      [
        ...new Set(
          loaded
            .filter((file) => file.includes('/node_modules/better-sqlite3/'))
            .map((file) => file.replace(/^.*\/node_modules\//, '')),
        ),
      ].sort();
    // From node_modules: where the package is and its native library (not `bindings`' search).
    expect(sqliteFiles(bundled.loaded)).toEqual([
      'better-sqlite3/build/Release/better_sqlite3.node',
      'better-sqlite3/package.json',
    ]);
    expect(names(bundled.loaded)).not.toContain('bindings');
    // Unbundled, its modules are read from node_modules (the recorder sees them).
    expect(sqliteFiles(unbundled.loaded)).toContain('better-sqlite3/lib/database.js');
    expect(names(unbundled.loaded)).toContain('bindings');
  });

  test('the same messages as the unbundled CLI in another locale (English)', () => {
    const env = {
      PATH: process.env.PATH,
      NO_COLOR: '1',
      LANG: 'de_DE.UTF-8',
      LC_ALL: 'de_DE.UTF-8',
    };
    const run = (bin: string) =>
      spawnSync(process.execPath, [bin, 'check', '--no-such-flag'], {
        cwd: dir,
        encoding: 'utf8',
        env,
      });
    const bundled = run(BIN);
    const unbundled = run(UNBUNDLED);
    expect(bundled.stderr).toContain('Unknown argument');
    expect(bundled.stderr).toBe(unbundled.stderr);
    expect(bundled.status).toBe(2);
    expect(unbundled.status).toBe(2);
  });

  test('the code cache is taken; a cache for another bundle or another V8 is not', () => {
    const bundle = path.join(REPO_ROOT, 'dist/bundle/dupgraf.cjs');
    const loader = path.join(REPO_ROOT, 'bin/load-bundle.cjs');
    // Runs the bundle (`--help`) through the loader; returns what the loader says and the output.
    const probe = (file: string, args = ['--help']) => {
      const r = spawnSync(
        process.execPath,
        [
          '-e',
          `const how = require(${JSON.stringify(loader)}).loadBundle({ bundle: ${JSON.stringify(file)} });
process.on('exit', () => process.stderr.write('loaded: ' + how));`,
          'dupgraf',
          ...args,
        ],
        { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } },
      );
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const built = probe(bundle);
    expect(built.stderr).toBe('loaded: cached');
    expect(built.code).toBe(0);
    expect(built.stdout).toContain('dupgraf scan');

    // Copies where the bundle finds package.json as in dist/bundle/ (../../package.json).
    const copies = fs.mkdtempSync(path.join(dir, 'bundle-'));
    fs.mkdirSync(path.join(copies, 'dist/bundle'), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(copies, 'package.json'));
    const cache = fs.readFileSync(`${bundle}.cache`);
    // Another bundle (one byte more) beside this bundle's cache: compiled, same output.
    const other = path.join(copies, 'dist/bundle/other.cjs');
    fs.writeFileSync(other, fs.readFileSync(bundle, 'latin1') + '\n', 'latin1');
    fs.writeFileSync(`${other}.cache`, cache);
    expect(probe(other)).toEqual({ ...built, stderr: 'loaded: compiled' });
    // The same bundle with its cache marked as made by another version of V8 (the version
    // field of V8's header, after the loader's 32-byte hash): compiled, same output.
    const same = path.join(copies, 'dist/bundle/same.cjs');
    fs.copyFileSync(bundle, same);
    const foreign = Buffer.from(cache);
    foreign.fill(0x5a, 32 + 4, 32 + 8);
    fs.writeFileSync(`${same}.cache`, foreign);
    expect(probe(same)).toEqual({ ...built, stderr: 'loaded: compiled' });

    // A check takes the cache of its own (made by a check), the others the general one.
    const check = ['check', 'text/a.txt', '--against', 'text', '-q'];
    expect(probe(bundle, check)).toEqual(expect.objectContaining({ stderr: 'loaded: cached' }));
    const checkCache = fs.readFileSync(`${bundle}.check.cache`);
    expect(checkCache.length).toBeLessThan(cache.length);
    const onlyGeneral = path.join(copies, 'dist/bundle/only-general.cjs');
    fs.copyFileSync(bundle, onlyGeneral);
    fs.writeFileSync(`${onlyGeneral}.cache`, cache);
    expect(probe(onlyGeneral, check)).toEqual(
      expect.objectContaining({ stderr: 'loaded: compiled' }),
    );
    expect(probe(onlyGeneral)).toEqual({ ...built, stderr: 'loaded: cached' });
  });

  test('a scan on worker threads runs their scripts from dist/parallel, same report', () => {
    const stories: Record<string, string> = {};
    for (let i = 0; i < 260; i++)
      stories[`many/s${String(i).padStart(3, '0')}.txt`] =
        `Story ${i}\n\n${i % 2 ? PARAGRAPH : `Paragraph ${i} of its own, about something else.`}\n`;
    writeTree(dir, stories);
    const args = ['scan', 'many', '--jobs', '2', '-f', 'json', '-o'];
    const bundled = modulesOf([...args, 'many-bundled.json'], dir, BIN);
    const unbundled = modulesOf([...args, 'many-unbundled.json']);
    expect(bundled.stderr).toBe(unbundled.stderr); // the short paragraphs' warnings
    expect(bundled.code).toBe(0);
    expect(unbundled.code).toBe(0);
    const report = fs.readFileSync(path.join(dir, 'many-bundled.json'), 'utf8');
    expect(report).toBe(fs.readFileSync(path.join(dir, 'many-unbundled.json'), 'utf8'));
    expect(JSON.parse(report).clusters).toHaveLength(1);
    expect(names(bundled.loaded)).toContain('dist/parallel/prepare-worker');
  });
});

describe('the lazy format tables agree with the registries', () => {
  test('each format loads exactly the registry’s chunked reporter', async () => {
    for (const format of FORMATS)
      expect(await loadChunkedReporter(format)).toBe(CHUNKED_REPORTERS[format]);
  });

  test('the check formats are the check reporters, in --help order', () => {
    expect(CHECK_FORMATS).toEqual(Object.keys(CHECK_REPORTERS));
  });

  test('each check format loads exactly the check registry’s reporter', async () => {
    for (const format of CHECK_FORMATS)
      expect(await CHECK_REPORTER_LOADERS[format]()).toBe(CHECK_REPORTERS[format]);
  });
});
