/** Config files: every search place, upward search, precedence, --config and --print-config. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { configSchema, defaultSettings, SETTING_KEYS } from '../../src/cli/settings.js';
import { validateConfig } from '../../src/cli/config.js';
import { ENGINE_OPTION_SPECS } from '../../src/engine/options.js';
import { dupgraf, writeTree } from '../helpers/cli.js';

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-config-'));
  writeTree(root, files);
  fs.mkdirSync(path.join(root, 'sub/deeper'), { recursive: true });
  return root;
}

function printed(cwd: string, args: string[] = []) {
  const r = dupgraf(['scan', '--print-config', ...args], { cwd });
  return { ...r, settings: r.code === 0 ? JSON.parse(r.stdout) : undefined };
}

describe('config file search', () => {
  const places: [string, Record<string, string>][] = [
    ['dupgraf.config.json', { 'dupgraf.config.json': '{"threshold": 0.85}' }],
    ['dupgraf.config.mjs', { 'dupgraf.config.mjs': 'export default { threshold: 0.85 };' }],
    [
      'dupgraf.config.js (ESM package)',
      {
        'package.json': '{"type": "module"}',
        'dupgraf.config.js': 'export default { threshold: 0.85 };',
      },
    ],
    ['.dupgraf.json', { '.dupgraf.json': '{"threshold": 0.85}' }],
    ['.dupgrafrc', { '.dupgrafrc': '{"threshold": 0.85}' }],
    ['.dupgrafrc (YAML)', { '.dupgrafrc': '# desk settings\nthreshold: 0.85\n' }],
    ['.dupgrafrc.yaml', { '.dupgrafrc.yaml': 'threshold: 0.85\nexclude: [drafts/**]\n' }],
    ['.dupgrafrc.yml', { '.dupgrafrc.yml': 'threshold: 0.85\n' }],
    [
      'package.json "dupgraf" key',
      { 'package.json': '{"name": "x", "dupgraf": {"threshold": 0.85}}' },
    ],
  ];
  test.each(places)('%s is found from a subfolder', (_name, files) => {
    const root = project(files);
    const r = printed(path.join(root, 'sub/deeper'));
    expect(r.code).toBe(0);
    expect(r.settings.threshold).toBe(0.85);
    expect(r.stderr).toMatch(/config file: \.\.\/\.\.\//);
  });

  test('a bad YAML .dupgrafrc is a config error naming the file (exit 2)', () => {
    const root = project({ '.dupgrafrc': 'threshold: [0.8\n' });
    const r = printed(root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dupgraf: \.dupgrafrc: not valid YAML: /m);
  });

  test("a config file's output path is relative to the config file's folder", () => {
    const root = project({
      'dupgraf.config.json': '{"output": "reports/dup.json", "format": "json"}',
      'sub/deeper/a.txt': 'One short line only.',
    });
    fs.mkdirSync(path.join(root, 'reports'));
    const cwd = path.join(root, 'sub/deeper');
    expect(printed(cwd).settings.output).toBe('../../reports/dup.json');
    const r = dupgraf(['scan', '.'], { cwd });
    expect(r.code).toBe(0);
    expect(
      JSON.parse(fs.readFileSync(path.join(root, 'reports/dup.json'), 'utf8')).schemaVersion,
    ).toBe(1);
    // A flag's path stays relative to the working directory.
    expect(printed(cwd, ['-o', 'here.json']).settings.output).toBe('here.json');
  });

  test('package.json without a "dupgraf" key does not stop the search', () => {
    const root = project({ '.dupgrafrc': '{"minWords": 12}', 'sub/package.json': '{"name": "y"}' });
    expect(printed(path.join(root, 'sub')).settings.minWords).toBe(12);
  });

  test('the nearest config wins', () => {
    const root = project({
      'dupgraf.config.json': '{"threshold": 0.8}',
      'sub/dupgraf.config.json': '{"threshold": 0.9}',
    });
    expect(printed(path.join(root, 'sub/deeper')).settings.threshold).toBe(0.9);
  });

  test('no config: the defaults', () => {
    const root = project({});
    const r = printed(root);
    expect(r.settings).toEqual(defaultSettings());
    expect(r.stderr).toMatch(/no config file/);
  });
});

describe('precedence: defaults < config file < flags', () => {
  const root = project({
    'dupgraf.config.json': JSON.stringify({
      threshold: 0.9,
      minWords: 5,
      format: 'json',
      extensions: ['.txt', 'news'],
      exclude: ['drafts/**'],
    }),
    'other.json': '{"threshold": 0.75}',
  });

  test('config over defaults, flags over config', () => {
    const r = printed(root, ['--threshold', '0.8', '--format', 'csv']);
    expect(r.settings).toMatchObject({
      threshold: 0.8, // flag
      minWords: 5, // config
      format: 'csv', // flag
      containment: ENGINE_OPTION_SPECS.containment.default, // default
      extensions: ['txt', 'news'], // config, normalized
      exclude: ['drafts/**'],
    });
  });

  test('--config replaces the search', () => {
    const r = printed(path.join(root, 'sub'), ['--config', '../other.json']);
    expect(r.settings.threshold).toBe(0.75);
    expect(r.settings.minWords).toBe(8);
    expect(r.stderr).toMatch(/config file: \.\.\/other\.json/);
  });

  test('--ext takes comma lists and dots', () => {
    expect(printed(root, ['--ext', '.TXT,md', 'news']).settings.extensions).toEqual([
      'TXT',
      'md',
      'news',
    ]);
  });

  test('the settings reach the scan (config threshold changes the report)', () => {
    const story =
      'The harbour authority said the new cranes would arrive before the end of the year. ';
    const dir = project({
      'a.txt': story + 'Officials declined to say how much the machines cost in total.',
      'b.txt': story + 'Officials refused to say what the machines had cost the port.',
    });
    const loose = dupgraf(['scan', '.', '-f', 'json', '--threshold', '0.3'], { cwd: dir });
    expect(JSON.parse(loose.stdout).summary.clusters).toBe(1);
    fs.writeFileSync(path.join(dir, '.dupgrafrc'), '{"threshold": 0.3}');
    const viaConfig = dupgraf(['scan', '.', '-f', 'json'], { cwd: dir });
    expect(JSON.parse(viaConfig.stdout).settings.threshold).toBe(0.3);
    expect(JSON.parse(viaConfig.stdout).summary.clusters).toBe(1);
    const strict = dupgraf(['scan', '.', '-f', 'json', '--threshold', '0.95'], { cwd: dir });
    expect(JSON.parse(strict.stdout).summary.clusters).toBe(0);
  });
});

describe('validation messages name the file, the key and what was expected', () => {
  const cases: [unknown, RegExp][] = [
    [{ threshold: 0 }, /^cfg\.json: key "threshold": expected a number in \(0, 1\] \(got 0\)$/],
    [{ shingleSize: 2.5 }, /key "shingleSize": expected a whole number in \[1, 10\] \(got 2.5\)/],
    [
      { format: 'yaml' },
      /key "format": expected one of text, json, markdown, csv\b.* \(got "yaml"\)/,
    ],
    [{ pairs: 'yes' }, /key "pairs": expected true or false \(got "yes"\)/],
    [{ exclude: 'drafts' }, /key "exclude": expected a list of glob patterns \(got "drafts"\)/],
    [{ extensions: [] }, /key "extensions": expected at least one extension/],
    [{ minCopies: 1 }, /key "minCopies": expected a whole number ≥ 2 \(got 1\)/],
    [{ sort: 'name' }, /key "sort": expected one of size, documents, path/],
    [{ color: true }, /unknown key "color"/],
    [[1, 2], /^cfg\.json: expected an object of settings/],
  ];
  test.each(cases)('%j', (raw, message) => {
    expect(() => validateConfig('cfg.json', raw)).toThrow(message);
  });

  test('the schema has one key per setting, and the check and serve sections', () => {
    expect(Object.keys(configSchema().shape).sort()).toEqual(
      [...SETTING_KEYS, 'check', 'serve'].sort(),
    );
  });

  test('a bad config found by search exits 2 naming it', () => {
    const root = project({ 'package.json': '{"dupgraf": {"minWords": -1}}' });
    const r = dupgraf(['scan', '.'], { cwd: path.join(root, 'sub') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'dupgraf: ../package.json: key "minWords": expected a whole number in [1, 10000] (got -1)\n',
    );
  });
});
