#!/usr/bin/env node
/**
 * Makes the CLI bundle's code caches (part of `npm run build`, after scripts/build-cli.mjs): runs
 * the CLI through bin/load-bundle.cjs in a temporary folder, which writes the code V8 compiled for
 * the bundle by the end of the run to the cache of that command: `check` of one story against an
 * archive index of another (dist/bundle/dupgraf.cjs.check.cache: the path a pre-commit hook
 * takes), and `scan` of a folder (dist/bundle/dupgraf.cjs.cache, for every other command: they
 * share most of it: yargs, the settings, reading, the engine).
 *
 *   node scripts/warm-cli.mjs
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

if (process.argv[2] === '--child') {
  // In the child: the CLI's arguments follow --child.
  process.argv.splice(2, 1);
  if (!require(path.join(root, 'bin/load-bundle.cjs')).loadBundle({ writeCache: true }))
    throw new Error('no dist/bundle/dupgraf.cjs: run scripts/build-cli.mjs first');
} else {
  // zod's is made by the scan (`-f json` is a setting flag: validated).
  const caches = ['dupgraf.cjs.check.cache', 'dupgraf.cjs.cache', 'zod.cjs.cache'].map((name) =>
    path.join(root, 'dist/bundle', name),
  );
  for (const cache of caches) fs.rmSync(cache, { force: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-warm-'));
  try {
    const paragraph =
      'The council said on Tuesday that the ring road would stay closed for at least another week.';
    fs.mkdirSync(path.join(work, 'news'));
    fs.mkdirSync(path.join(work, 'archive'));
    fs.writeFileSync(path.join(work, 'news/story.txt'), `Road closure\n\n${paragraph}\n`);
    fs.writeFileSync(path.join(work, 'archive/old.txt'), `Earlier\n\n${paragraph}\n`);
    const run = (args, expected) => {
      const r = spawnSync(process.execPath, args, {
        cwd: work,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', CI: '' },
      });
      if (r.status !== expected)
        throw new Error(`warm-cli: ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
    };
    run([path.join(root, 'bin/dupgraf'), 'index', 'add', 'archive', '--index', 'archive.db'], 0);
    // The story repeats the archived one: a policy violation, exit 1.
    run([fileURLToPath(import.meta.url), '--child', 'check', 'news', '--index', 'archive.db'], 1);
    // Both stories, as JSON: every other command's cache.
    run([fileURLToPath(import.meta.url), '--child', 'scan', '.', '-f', 'json'], 0);
    for (const cache of caches)
      if (!fs.existsSync(cache)) throw new Error(`warm-cli: ${cache} was not written`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
