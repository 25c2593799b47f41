/** Helpers for the archive index tests: temporary folders and documents read from disk. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CORPORA, REPO_ROOT } from './paths.js';

/** A fresh temporary folder; remove it with {@link removeTemp}. */
export function makeTemp(prefix = 'dupgraf-archive-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Removes a folder made by {@link makeTemp}. */
export function removeTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Overwrites a leaf page in the middle of the posting table of the SQLite index `file` (4 KiB
 * pages) with 0x5a bytes: damage that `PRAGMA quick_check` finds and that a command reading no
 * posting (stats, a remove of a path the index does not hold) never meets. Returns the page
 * number (1-based).
 */
export function damagePostingLeaf(file: string): number {
  const db = new Database(file, { readonly: true });
  let leaves: number[];
  try {
    leaves = db
      .prepare("SELECT pageno FROM dbstat WHERE name = 'posting' AND pagetype = 'leaf'")
      .pluck()
      .all() as number[];
  } finally {
    db.close();
  }
  if (leaves.length < 5) throw new Error(`${file}: too few posting pages (${leaves.length})`);
  const page = leaves[Math.floor(leaves.length / 2)];
  const bytes = fs.readFileSync(file);
  bytes.fill(0x5a, 4096 * (page - 1), 4096 * page);
  fs.writeFileSync(file, bytes);
  return page;
}

/** The sample corpus' stories as documents, paths relative to the repository root, sorted. */
export function sampleCorpus(): { path: string; text: string }[] {
  const root = path.join(REPO_ROOT, 'corpus');
  const out: { path: string; text: string }[] = [];
  for (const dir of fs.readdirSync(root).sort()) {
    const full = path.join(root, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const name of fs.readdirSync(full).sort()) {
      if (!/\.(txt|md)$/.test(name)) continue;
      out.push({
        path: `corpus/${dir}/${name}`,
        text: fs.readFileSync(path.join(full, name), 'utf8'),
      });
    }
  }
  return out;
}

/** Every `step`-th Reuters story (sorted by file name), starting at `offset`. */
export function reutersSample(
  step: number,
  offset = 0,
  limit = Infinity,
): { path: string; text: string }[] {
  const dir = path.join(CORPORA, 'reuters21578');
  const names = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort();
  const out: { path: string; text: string }[] = [];
  for (let i = offset; i < names.length && out.length < limit; i += step) {
    out.push({
      path: `reuters/${names[i]}`,
      text: fs.readFileSync(path.join(dir, names[i]), 'utf8'),
    });
  }
  return out;
}
