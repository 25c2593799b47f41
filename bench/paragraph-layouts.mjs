#!/usr/bin/env node
/**
 * `npm run bench:paragraphs`: how well a text file's paragraphs are found (src/engine/segment.ts)
 * whatever its layout. Real stories (every 10th of Reuters-21578, every 2nd of BBC News, those of
 * two paragraphs or more) are written out in several layouts (one paragraph per line with or
 * without blank lines, hard-wrapped at 60 or 72 columns with blank lines, wrapped by `fmt` when
 * installed, hard-wrapped with indented paragraph starts and no blank line); a story counts as
 * exact when `segment` gives back its paragraphs, word for word.
 *
 *   npm run bench:paragraphs -- [DIR]   (DIR: a built checkout to measure instead, e.g. ../main)
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(process.argv[2] ?? ROOT);
const { segment } = await import(path.join(root, 'dist/engine-api.js'));
const C = process.env.DUPGRAF_SHARED
  ? path.resolve(process.env.DUPGRAF_SHARED, 'corpora')
  : path.resolve(ROOT, '../shared/corpora');
const hasFmt = spawnSync('fmt', ['--version']).status === 0;
const files = [];
for (const d of ['reuters21578', 'bbc']) {
  const all = fs.readdirSync(path.join(C, d)).sort();
  const step = d === 'bbc' ? 2 : 10;
  for (let i = 0; i < all.length; i += step) files.push(path.join(C, d, all[i]));
}
function wrap(p, w, indent = '') {
  const words = p.split(/\s+/).filter(Boolean);
  const out = [];
  let line = indent;
  for (const word of words) {
    if (line.trim() === '') line = line + word;
    else if (line.length + 1 + word.length <= w) line += ' ' + word;
    else {
      out.push(line);
      line = word;
    }
  }
  out.push(line);
  return out;
}
const fmtWrap = (p, w) =>
  execFileSync('fmt', ['-w', String(w)], { input: p + '\n' })
    .toString()
    .trimEnd()
    .split('\n');
const layouts = {
  'blank-separated, one line each': (ps) => ps.join('\n\n'),
  'one per line, no blank': (ps) => ps.join('\n'),
  'one per line, blank after paragraph 2': (ps) =>
    ps.map((p, i) => (i === 1 ? p + '\n' : p)).join('\n'),
  'wrapped 72, blank-separated': (ps) => ps.map((p) => wrap(p, 72).join('\n')).join('\n\n'),
  'wrapped 60, blank-separated': (ps) => ps.map((p) => wrap(p, 60).join('\n')).join('\n\n'),
  'fmt -w 72 (300 stories), blank-separated': (ps) =>
    ps.map((p) => fmtWrap(p, 72).join('\n')).join('\n\n'),
  'wrapped 65, indented starts, no blank': (ps) =>
    ps.map((p) => wrap(p, 65, '    ').join('\n')).join('\n'),
  'wrapped 72, indented starts (not the first), no blank': (ps) =>
    ps.map((p, i) => wrap(p, 72, i ? '    ' : '').join('\n')).join('\n'),
};
const norm = (s) => s.split(/\s+/).filter(Boolean).join(' ');
const fmtLimit = 300;
for (const [name, lay] of Object.entries(layouts)) {
  if (name.startsWith('fmt') && !hasFmt) continue;
  let exact = 0,
    n = 0,
    got = 0,
    want = 0;
  for (const f of files) {
    if (name.startsWith('fmt') && n >= fmtLimit) break;
    const ps = fs
      .readFileSync(f, 'utf8')
      .split(/\n\s*\n/)
      .map(norm)
      .filter(Boolean);
    if (ps.length < 2) continue;
    n++;
    const out = segment(lay(ps)).map((s) => norm(s.text));
    want += ps.length;
    got += out.length;
    if (out.length === ps.length && out.every((t, i) => t === ps[i])) exact++;
  }
  console.log(
    `${name}: ${exact}/${n} stories exact (${((100 * exact) / n).toFixed(1)}%), paragraphs ${got} for ${want}`,
  );
}
