/**
 * scripts/code-size.mjs (the measure of file and function lengths a refactor shows before and
 * after): lengths are counted from the parsed source, so a brace in a string or comment does not
 * move them, nested functions get rows of their own, and methods are named by their class.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { REPO_ROOT } from '../helpers/paths.js';

const SCRIPT = path.join(REPO_ROOT, 'scripts/code-size.mjs');

interface Row {
  file: string;
  line: number;
  name?: string;
  lines: number;
}

function measure(args: string[]): {
  files: Row[];
  functions: Row[];
  totals: Record<string, number>;
} {
  const r = spawnSync(process.execPath, [SCRIPT, '--json', ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe('scripts/code-size.mjs', () => {
  test('counts each function from its first line to its last, braces in strings aside; ties in file and line order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-size-'));
    const file = path.join(dir, 'sample.ts');
    fs.writeFileSync(
      file,
      [
        '/** Doc comment: not counted. */',
        'export function outer(): number {',
        "  const s = '}}}'; // }",
        '  const inner = () => {',
        '    return 1;',
        '  };',
        '  return inner() + s.length;',
        '}',
        'class Box {',
        '  constructor() {}',
        '  size(): number {',
        '    return 2;',
        '  }',
        '}',
        'export const shortArrow = (x: number) => x + 1;',
        '',
      ].join('\n'),
    );
    const out = measure(['--top', '10', file]);
    expect(out.files).toEqual([{ file: path.relative(REPO_ROOT, file), lines: 15 }]);
    const byName = Object.fromEntries(out.functions.map((f) => [f.name, [f.line, f.lines]]));
    // The expression-bodied arrow is not a function with a body of its own: no row.
    expect(byName).toEqual({
      outer: [2, 7],
      inner: [4, 3],
      'Box.constructor': [10, 1],
      'Box.size': [11, 3],
    });
    expect(out.functions.map((f) => f.name)).toEqual([
      'outer',
      'inner',
      'Box.size',
      'Box.constructor',
    ]);
    expect(measure(['--over', '3', file]).functions.map((f) => f.name)).toEqual(['outer']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('measures src/ by default and refuses a bad --top', () => {
    const out = measure(['--top', '1']);
    expect(out.files).toHaveLength(1);
    expect(out.files[0].file.startsWith('src' + path.sep)).toBe(true);
    expect(out.totals.files).toBeGreaterThan(50);
    const bad = spawnSync(process.execPath, [SCRIPT, '--top', 'many'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--top');
  });
});
