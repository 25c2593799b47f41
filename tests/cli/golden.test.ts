/**
 * Golden outputs of every reporter on corpus/, from the built binary. Refresh with
 * `UPDATE_GOLDEN=1 npm test` and review the diff of tests/golden/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { FORMATS } from '../../src/reporters/index.js';
import { dupgraf, schemaErrors } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

const GOLDEN = path.join(REPO_ROOT, 'tests/golden');
const update = process.env.UPDATE_GOLDEN === '1';

const cases: [string, string[]][] = [
  ...FORMATS.map((f): [string, string[]] => [`corpus.${f}`, ['--format', f]]),
  ['corpus-pairs.json', ['--format', 'json', '--pairs']],
  ['corpus-view.txt', ['--sort', 'path', '--min-copies', '3', '--max-groups', '4']],
  ['corpus-view.json', ['--format', 'json', '--sort', 'documents', '--max-groups', '2']],
];

describe('golden reports of corpus/', () => {
  test('every built-in format has a golden file', () => {
    for (const f of FORMATS) expect(cases.map((c) => c[0])).toContain(`corpus.${f}`);
  });

  test.each(cases)('%s', (name, flags) => {
    const r = dupgraf(['scan', 'corpus/', ...flags]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = path.join(GOLDEN, name);
    if (update) fs.writeFileSync(file, r.stdout);
    expect(r.stdout).toBe(fs.readFileSync(file, 'utf8'));
    if (name.endsWith('.json')) expect(schemaErrors(JSON.parse(r.stdout))).toBe('');
    expect(r.stdout).not.toContain('\u001b['); // NO_COLOR, and never in machine formats
  });

  test('--output writes the same bytes as stdout', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-golden-')), 'r.csv');
    const r = dupgraf(['scan', 'corpus/', '--format', 'csv', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toBe(
      fs.readFileSync(path.join(GOLDEN, 'corpus.csv'), 'utf8'),
    );
    fs.rmSync(out);
  });

  test('colour: forced in text, never in machine formats', () => {
    const env = { FORCE_COLOR: '1' };
    expect(dupgraf(['scan', 'corpus/'], { env: { ...env, NO_COLOR: '' } }).stdout).toContain(
      '\u001b[',
    );
    for (const f of FORMATS.filter((x) => x !== 'text')) {
      expect(dupgraf(['scan', 'corpus/', '-f', f, '--color']).stdout).not.toContain('\u001b[');
    }
    expect(dupgraf(['scan', 'corpus/', '--no-color'], { env }).stdout).not.toContain('\u001b[');
  });
});
