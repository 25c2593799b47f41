/**
 * The ignore files (`.gitignore`, `.dupgrafignore`, gitignore syntax via `ignore`) of a walked
 * tree: read first at the tree's root (the folders they surely ignore are not even entered:
 * {@link ignoredFolderGlobs}), then every one met in the tree, by depth ({@link treeRules}); a
 * rule applies below its own folder ({@link isIgnored}), and a folder ignored or excluded drops
 * everything below it ({@link folderSkipper}).
 */

import fs from 'node:fs';
import path from 'node:path';
import type FastGlob from 'fast-glob';
import ignore from 'ignore';
import { byString, displayPath, IGNORE_FILES, SKIPPED_FOLDERS } from './file-names.js';
import { fg, type Rule, type Tree, type Walk } from './walk-state.js';

export function isIgnored(rules: readonly Rule[], rel: string, isDir: boolean): boolean {
  for (const { base, ig } of rules) {
    if (base !== '' && !rel.startsWith(base + '/')) continue;
    const sub = base === '' ? rel : rel.slice(base.length + 1);
    if (ig.ignores(isDir ? sub + '/' : sub)) return true;
  }
  return false;
}

/**
 * fast-glob's `ignore` patterns: nothing below a hidden folder (its own listing is still read;
 * `.git` and `node_modules` are not read at all). Hidden entries are then dropped by name.
 */
const NOT_ENTERED = ['**/.*/**', '**/.git', ...SKIPPED_FOLDERS.map((name) => `**/${name}/**`)];

/** Most globs from one ignore file handed to fast-glob (see {@link ignoredFolderGlobs}). */
const MAX_FOLDER_GLOBS = 16;

/**
 * fast-glob `ignore` globs for the folders an ignore file at the root of a walked tree surely
 * ignores: plain names and paths (`archive`, `drafts/`, `/build`, `wire/tmp/`; no wildcard),
 * and only when the file has no `!` negation. A folder git ignores cannot have files re-included
 * below it, so not entering it changes nothing but the time; every other rule is applied to the
 * entries afterwards (via `ignore`).
 */
export function ignoredFolderGlobs(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.some((line) => line.startsWith('!'))) return [];
  const out: string[] = [];
  for (const line of lines) {
    if (/[*?[\]\\]|^\s/.test(line)) continue; // wildcards, escapes, leading spaces: left to `ignore`
    const name = line.replace(/^\/+/, '').replace(/\/+$/, '');
    if (name === '' || name.split('/').some((part) => part === '.' || part === '..')) continue;
    const anchored = line.startsWith('/') || name.includes('/');
    out.push(`${anchored ? '' : '**/'}${fg().escapePath(name)}/**`);
  }
  return out;
}

/**
 * The tree's own ignore files (read first, by name), and fast-glob's `ignore` globs: the usual
 * ones ({@link NOT_ENTERED}) and the folders these files surely ignore, so those are not even
 * entered. A missing file is the usual case; another problem is reported when the walk meets it.
 */
export async function readRootIgnoreFiles(
  walk: Walk,
  tree: Tree,
): Promise<{ ownIgnoreFiles: Map<string, string>; notEntered: string[] }> {
  const ownIgnoreFiles = new Map<string, string>();
  const notEntered = [...NOT_ENTERED];
  if (!walk.useIgnoreFiles) return { ownIgnoreFiles, notEntered };
  for (const name of IGNORE_FILES) {
    try {
      const text = await fs.promises.readFile(path.join(tree.dir, name), 'utf8');
      ownIgnoreFiles.set(name, text);
      const globs = ignoredFolderGlobs(text);
      // fast-glob tests every entry against every glob: only worth it for a few.
      if (globs.length <= MAX_FOLDER_GLOBS) notEntered.push(...globs);
    } catch {
      // Missing, or reported below.
    }
  }
  return { ownIgnoreFiles, notEntered };
}

/**
 * The ignore rules in force in the tree: those from the folders above, then those of the ignore
 * files found in the tree, by depth (an unreadable one is a warning).
 */
export async function treeRules(
  walk: Walk,
  tree: Tree,
  entries: readonly FastGlob.Entry[],
  ownIgnoreFiles: ReadonlyMap<string, string>,
  join: (rel: string) => string,
): Promise<readonly Rule[]> {
  let rules = tree.rules;
  if (!walk.useIgnoreFiles) return rules;
  const found = entries
    .filter((e) => IGNORE_FILES.includes(e.name) && !e.dirent.isDirectory())
    .map((e) => e.path)
    .sort((a, b) => a.split('/').length - b.split('/').length || byString(a, b));
  for (const rel of found) {
    const file = path.join(tree.dir, rel);
    try {
      const text = ownIgnoreFiles.get(rel) ?? (await fs.promises.readFile(file, 'utf8'));
      const dir = path.posix.dirname(rel);
      rules = [...rules, { base: join(dir === '.' ? '' : dir), ig: ignore().add(text) }];
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      walk.warn({ path: displayPath(file, walk.cwd), message: `ignore file not read (${code})` });
    }
  }
  return rules;
}

/** Whether a folder of the tree (path relative to the tree) is ignored or excluded (memoized). */
export function folderSkipper(
  walk: Walk,
  tree: Tree,
  rules: readonly Rule[],
  join: (rel: string) => string,
): (rel: string) => boolean {
  const folderSkipped = new Map<string, boolean>([['', false]]);
  const skipped = (rel: string): boolean => {
    let out = folderSkipped.get(rel);
    if (out === undefined) {
      const slash = rel.lastIndexOf('/');
      const full = join(rel);
      out =
        skipped(slash < 0 ? '' : rel.slice(0, slash)) ||
        isIgnored(rules, full, true) ||
        (walk.excluded?.(full, displayPath(path.join(tree.dir, rel), walk.cwd)) ?? false);
      folderSkipped.set(rel, out);
    }
    return out;
  };
  return skipped;
}
