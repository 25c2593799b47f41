/**
 * The API reference (`npm run docs`: TypeDoc on both entry points, `dupgraf` = src/index.ts and
 * `dupgraf/engine` = src/engine-api.ts, typedoc.json) builds with no warning, warnings being errors: an export without a doc comment, a type the public API uses but
 * does not export, or a `{@link}` to something not in the reference fails here. The same options
 * on a planted module show that each of these is caught.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { tempDir } from './helpers/check-cli.js';
import { REPO_ROOT } from './helpers/paths.js';

const TYPEDOC = path.join(REPO_ROOT, 'node_modules/typedoc/bin/typedoc');

/** Runs TypeDoc with the options file `options` in `cwd`, validating only (`--emit none`). */
function typedoc(options = path.join(REPO_ROOT, 'typedoc.json'), cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [TYPEDOC, '--options', options, '--emit', 'none'], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
  });
  // eslint-disable-next-line no-control-regex
  const said = (r.stdout + r.stderr).replace(/\u001b\[[0-9;]*m/g, '');
  return { code: r.status, said };
}

test('the reference covers every entry point of the package', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const options = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'typedoc.json'), 'utf8'));
  // Each export's compiled module (dist/X.js) comes from src/X.ts.
  const sources = Object.values(pkg.exports as Record<string, string | { import?: string }>)
    .map((e) => (typeof e === 'string' ? e : e.import))
    .filter((file): file is string => file !== undefined && file.startsWith('./dist/'))
    .map((file) => file.replace(/^\.\/dist\/(.*)\.js$/, 'src/$1.ts'))
    .sort();
  expect(sources).toEqual(['src/engine-api.ts', 'src/index.ts']);
  expect([...options.entryPoints].sort()).toEqual(sources);
});

test('the public API’s reference builds with no warning', () => {
  const r = typedoc();
  expect(r.said).toBe('');
  expect(r.code).toBe(0);
}, 300_000);

test('an undocumented export, an unexported type and a dead link each fail it', () => {
  const dir = tempDir('dupgraf-typedoc-');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'planted' }));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, types: [] },
      files: ['index.ts'],
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'index.ts'),
    [
      'interface Hidden { a: number }',
      'export function undocumented(): void {}',
      '/** Uses a type it does not export. */',
      'export function usesHidden(h: Hidden): number { return h.a; }',
      '/** Links to {@link nowhere}. */',
      'export const linked = 1;',
      '',
    ].join('\n'),
  );
  // The repository's options (its validation and what must be documented) on that module.
  const options = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'typedoc.json'), 'utf8'));
  delete options.intentionallyNotExported;
  delete options.intentionallyNotDocumented;
  fs.writeFileSync(
    path.join(dir, 'typedoc.json'),
    JSON.stringify({ ...options, entryPoints: ['index.ts'], tsconfig: 'tsconfig.json' }),
  );
  const r = typedoc(path.join(dir, 'typedoc.json'), dir);
  expect(r.code).not.toBe(0);
  expect(r.said).toMatch(/undocumented \(CallSignature\).* does not have any documentation/);
  expect(r.said).toMatch(/Hidden, defined in .* is referenced by usesHidden.* not included/);
  expect(r.said).toMatch(/Failed to resolve link to "nowhere" in comment for linked/);
}, 300_000);
