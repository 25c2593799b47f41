#!/usr/bin/env node
/**
 * Discovery alone: times `discoverFiles` (from a build, default ./dist) over a generated tree of
 * small .txt files (default 100,000 in 2,000 folders, under $TMPDIR/dupgraf-bench-discovery),
 * several runs, and prints the median, every run and the peak RSS. Compare two builds with
 * `--dist` (e.g. a copy of dist/ made before a change; it needs this node_modules beside it).
 *
 *   npm run build && node bench/discovery.mjs [--files 100000] [--runs 5] [--dist DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    files: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
  },
});
const files = Number(opt.files);
const perFolder = 100;
const tree = path.join(os.tmpdir(), 'dupgraf-bench-discovery', String(files));
if (!fs.existsSync(path.join(tree, '.complete'))) {
  fs.rmSync(tree, { recursive: true, force: true });
  for (let f = 0; f < files; f++) {
    const d = Math.floor(f / perFolder);
    const dir = path.join(tree, `desk-${String(d).padStart(4, '0')}`, `sub-${d % 7}`);
    if (f % perFolder === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `story-${f % perFolder}.txt`), `story ${f}\n`);
  }
  fs.writeFileSync(path.join(tree, '.complete'), '');
}
const { discoverFiles } = await import(
  pathToFileURL(path.join(path.resolve(opt.dist), 'sources/discover.js')).href
);
const times = [];
let found = 0;
for (let i = 0; i < Number(opt.runs); i++) {
  const t0 = performance.now();
  found = (await discoverFiles(['.'], { cwd: tree })).length;
  times.push(performance.now() - t0);
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `${found} files: median ${Math.round(sorted[(sorted.length - 1) >> 1])} ms ` +
    `(runs ${times.map(Math.round).join(', ')}), peak RSS ` +
    `${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
