/**
 * The readers' parser libraries (marked, entities, htmlparser2, fast-xml-parser) are loaded on
 * first use:
 * the built CLI is run with both module loaders made to refuse them (a `require` hook and an ESM
 * resolve hook); `--version`, `--help` and a scan of text files still work, and reading Markdown
 * shows the libraries really are refused (so the test would see an eager import).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { writeTree } from '../helpers/cli.js';
import { BIN, REPO_ROOT } from '../helpers/paths.js';

const LIBS = /^(marked|entities|htmlparser2|fast-xml-parser)(\/|$)/;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-lazy-'));
writeTree(dir, {
  'refuse.cjs': `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (${LIBS}.test(request)) throw new Error('refused: ' + request);
  return resolve.call(this, request, ...rest);
};
Module.register(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});
`,
  'hooks.mjs': `export async function resolve(specifier, context, next) {
  if (${LIBS}.test(specifier)) throw new Error('refused: ' + specifier);
  return next(specifier, context);
}
`,
  'text/a.txt':
    'Headline\n\nThe council said on Tuesday that the ring road would stay closed for now.\n',
  'text/b.txt':
    'Other\n\nThe council said on Tuesday that the ring road would stay closed for now.\n',
  'md/c.md':
    '# Title\n\nThe council said on Tuesday that the ring road would stay closed for now.\n',
});

/** The CLI as tsc builds it, one file per module (bin/dupgraf runs the bundle of it). */
const UNBUNDLED = path.join(REPO_ROOT, 'dist/cli/main.js');

function run(...args: string[]) {
  return runWith(BIN, ...args);
}

function runWith(bin: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--require', path.join(dir, 'refuse.cjs'), bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('reader libraries load on first use', () => {
  test('--version and --help do not load them', () => {
    expect(run('--version')).toMatchObject({ code: 0, stderr: '' });
    expect(run('scan', '--help').code).toBe(0);
  });

  test('a scan of text files does not load them (bundled and unbundled)', () => {
    for (const bin of [BIN, UNBUNDLED]) {
      const r = runWith(bin, 'scan', 'text', '-f', 'json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).clusters).toHaveLength(1);
    }
  });

  test('reading Markdown needs marked (so the hooks do refuse it)', () => {
    const r = run('scan', 'md', 'text', '-f', 'json');
    expect(r.stderr).toMatch(
      /warning: md\/c\.md: could not be read as markdown \(refused: (marked|htmlparser2)\); read as text/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.code).toBe(0);
  });
});
