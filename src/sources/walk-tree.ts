/**
 * The walk of one real folder tree (see discover.ts for the rules as users see them): fast-glob
 * lists the tree (links not followed, hidden folders and `node_modules` not entered, the folders
 * the tree's own ignore files surely ignore not entered either), then every entry is placed — a
 * file taken or left out by the ignore files met, `include`/`exclude` and the extensions; a link
 * followed as a tree of its own, once, or warned about. `onFile` gets early guesses.
 */

import fs from 'node:fs';
import path from 'node:path';
import type FastGlob from 'fast-glob';
import ignore from 'ignore';
import {
  byString,
  displayPath,
  IGNORE_FILES,
  SKIPPED_FOLDERS,
  TOOL_FILES,
  type FoundFile,
} from './file-names.js';
import { folderSkipper, isIgnored, readRootIgnoreFiles, treeRules } from './ignore-rules.js';
import { fg, type Placed, type Rule, type Tree, type Walk } from './walk-state.js';

type ReaddirCallback = (error: NodeJS.ErrnoException | null, list: unknown[]) => void;

/** A line break, which fast-glob's `**` does not match in a name. */
const LINE_BREAK = /[\n\r]/;

/**
 * `fs.readdir` for fast-glob: a folder that cannot be read is noted (`path NUL code`) and
 * listed as empty, so one bad folder is a warning and the walk goes on. Entries fast-glob would
 * leave out without a word are kept in `lineBreaks` (folder, entry): those whose name holds a
 * line break, and every entry of a folder whose path below `root` holds one.
 */
function readdirNoting(
  unreadable: string[],
  root: string,
  lineBreaks: Array<{ dir: string; dirent: fs.Dirent }>,
): typeof fs.readdir {
  const readdir = (dir: string, ...rest: unknown[]) => {
    const callback = rest.pop() as ReaddirCallback;
    const done: ReaddirCallback = (error, list) => {
      if (error) unreadable.push(`${dir}\u0000${error.code ?? 'error'}`);
      else if (list.length > 0 && list[0] instanceof fs.Dirent) {
        const all = LINE_BREAK.test(path.relative(root, dir));
        for (const dirent of list as fs.Dirent[])
          if (all || LINE_BREAK.test(dirent.name)) lineBreaks.push({ dir, dirent });
      }
      callback(null, error ? [] : list);
    };
    if (rest.length > 0) fs.readdir(dir, rest[0] as { withFileTypes: true }, done);
    else fs.readdir(dir, done);
  };
  return readdir as unknown as typeof fs.readdir;
}

/**
 * The `onFile` guess of one tree's walk, entry by entry as fast-glob meets them: plain files with
 * a wanted extension that the rules from the folders above and the tree's own root ignore files
 * let through, and `include`/`exclude`. After a nested ignore file (its folder's rules are not
 * known until the walk ends) it guesses nothing more.
 */
function guesser(
  walk: Walk,
  tree: Tree,
  ownIgnoreFiles: ReadonlyMap<string, string>,
  join: (rel: string) => string,
): (entry: FastGlob.Entry) => void {
  const onFile = walk.onFile!;
  const rules: Rule[] = [...tree.rules];
  for (const text of ownIgnoreFiles.values())
    rules.push({ base: tree.rel, ig: ignore().add(text) });
  let guessing = true;
  return (entry) => {
    if (!guessing) return;
    const { name, dirent } = entry;
    if (IGNORE_FILES.includes(name)) {
      if (entry.path !== name) guessing = false;
      return;
    }
    if (name.startsWith('.') || !dirent.isFile() || TOOL_FILES.includes(name)) return;
    const dot = name.lastIndexOf('.');
    if (dot <= 0 || !walk.extensions.has(name.slice(dot + 1).toLowerCase())) return;
    const entryRel = join(entry.path);
    if (rules.length > 0 && isIgnored(rules, entryRel, false)) return;
    const absolute = absoluteOf(tree, entry.path);
    const display = displayPath(absolute, walk.cwd);
    // Kept on the entry: the walk's final pass needs the same two paths.
    (entry as PlacedEntry).placed = { absolute, display };
    if (walk.included && !walk.included(entryRel, display)) return;
    if (walk.excluded?.(entryRel, display)) return;
    onFile({ absolute, display });
  };
}

/** A fast-glob entry with the paths the walk's guess already worked out for it. */
type PlacedEntry = FastGlob.Entry & { placed?: FoundFile };

/** Absolute path of an entry of a tree (fast-glob's paths are normalized, '/'-separated). */
function absoluteOf(tree: Tree, entryPath: string): string {
  // On POSIX a plain concatenation.
  return path.sep === '/' && !tree.dir.endsWith('/')
    ? `${tree.dir}/${entryPath}`
    : path.join(tree.dir, entryPath);
}

/**
 * Walks one real folder tree with fast-glob (links not followed) and collects its files into
 * `walk.files`; returns the linked folders to walk next. The steps: the tree's own ignore files
 * (the folders they surely ignore are not entered), the listing, the rules of every ignore file
 * met, then each entry placed: a file taken or left out, a link followed or warned about.
 */
export async function walkTree(walk: Walk, tree: Tree): Promise<Tree[]> {
  const join = (rel: string) =>
    tree.rel === '' ? rel : rel === '' ? tree.rel : `${tree.rel}/${rel}`;
  const { ownIgnoreFiles, notEntered } = await readRootIgnoreFiles(walk, tree);
  const guess = walk.onFile ? guesser(walk, tree, ownIgnoreFiles, join) : undefined;
  const entries = await listTree(walk, tree, notEntered, guess);
  const rules = await treeRules(walk, tree, entries, ownIgnoreFiles, join);
  const skipped = folderSkipper(walk, tree, rules, join);
  const links: Tree[] = [];
  for (const entry of entries) {
    const { name, dirent } = entry;
    if (name.startsWith('.') || SKIPPED_FOLDERS.includes(name)) continue;
    if (dirent.isDirectory() || TOOL_FILES.includes(name)) continue;
    const isLink = dirent.isSymbolicLink();
    if (!isLink && !dirent.isFile()) continue;
    const slash = entry.path.lastIndexOf('/');
    const parent = slash < 0 ? '' : entry.path.slice(0, slash);
    if (skipped(parent)) continue;
    const placed = (entry as PlacedEntry).placed;
    const absolute = placed?.absolute ?? absoluteOf(tree, entry.path);
    const display = placed?.display ?? displayPath(absolute, walk.cwd);
    const at: Placed = { rel: join(entry.path), parent, absolute, display };
    let real = tree.real;
    if (isLink) {
      const target = await linkTarget(walk, at);
      if (target === undefined) continue;
      if (target.stat.isDirectory()) {
        const linked = linkedFolder(walk, tree, rules, at, target.real);
        if (linked && !links.some((l) => l.real === linked.real)) links.push(linked);
        continue;
      }
      if (!target.stat.isFile()) continue;
      real = target.real;
    }
    if (!fileTaken(walk, rules, name, at)) continue;
    walk.files.push({ absolute, display, base: real, sub: isLink ? '' : entry.path });
  }
  return links;
}

/**
 * Every entry of the tree, sorted by path: fast-glob's listing (links not followed, folders in
 * `notEntered` not entered; `guess` sees each entry as it comes), a warning for each folder that
 * could not be read, and the entries whose path holds a line break, which fast-glob's `**` left
 * out (taken as it would have given them: nothing below a hidden or skipped folder).
 */
async function listTree(
  walk: Walk,
  tree: Tree,
  notEntered: string[],
  guess: ((entry: FastGlob.Entry) => void) | undefined,
): Promise<FastGlob.Entry[]> {
  const unreadable: string[] = [];
  const lineBreaks: Array<{ dir: string; dirent: fs.Dirent }> = [];
  const entries = await new Promise<FastGlob.Entry[]>((resolve, reject) => {
    const found: FastGlob.Entry[] = [];
    fg()
      .stream('**', {
        cwd: tree.dir,
        // Hidden entries are returned (the ignore files are hidden) and dropped later by name.
        dot: true,
        // Not onlyFiles: without following links, fast-glob reports a link as neither file nor
        // folder, and `onlyFiles` would drop it; entries keep their Dirent to tell them apart.
        onlyFiles: false,
        followSymbolicLinks: false,
        objectMode: true,
        // One walk without following links meets each entry once: no de-duplication needed.
        unique: false,
        ignore: notEntered,
        // A folder that cannot be read is a warning, not the end of the walk.
        fs: { readdir: readdirNoting(unreadable, tree.dir, lineBreaks) },
      })
      .on('data', (entry: FastGlob.Entry) => {
        found.push(entry);
        guess?.(entry);
      })
      .once('error', reject)
      .once('end', () => resolve(found));
  });
  for (const item of unreadable.sort()) {
    const [dir, code] = item.split('\u0000');
    walk.warn({
      path: displayPath(dir, walk.cwd),
      message: `skipped: cannot read folder (${code})`,
    });
  }
  for (const { dir, dirent } of lineBreaks) {
    const rel = path.relative(tree.dir, path.join(dir, dirent.name)).split(path.sep).join('/');
    const parts = rel.split('/');
    if (parts.slice(0, -1).some((p) => p.startsWith('.') || SKIPPED_FOLDERS.includes(p))) continue;
    entries.push({ name: dirent.name, path: rel, dirent });
  }
  return entries.sort((a, b) => byString(a.path, b.path));
}

/**
 * What a symbolic link points at (its `stat` and real path); undefined, with a warning, when it
 * is broken or a loop of links (a -> b -> a never resolves: a loop, not a broken link).
 */
async function linkTarget(
  walk: Walk,
  at: Placed,
): Promise<{ stat: fs.Stats; real: string } | undefined> {
  try {
    const stat = await fs.promises.stat(at.absolute);
    return { stat, real: await fs.promises.realpath(at.absolute) };
  } catch (error) {
    const loop = (error as NodeJS.ErrnoException).code === 'ELOOP';
    walk.warn({
      path: at.display,
      message: loop ? 'skipped: symbolic link loop' : 'skipped: broken symbolic link',
    });
    return undefined;
  }
}

/**
 * The tree to walk for a link to a folder (real path `real`), or undefined: when the folder is
 * ignored or excluded, walked already, a loop (a folder on the way down to the link: warned), or
 * the link is inside a linked folder (links are followed once: warned).
 */
function linkedFolder(
  walk: Walk,
  tree: Tree,
  rules: readonly Rule[],
  at: Placed,
  real: string,
): Tree | undefined {
  const { rel, parent, absolute, display } = at;
  if (isIgnored(rules, rel, true) || walk.excluded?.(rel, display)) return undefined;
  // Real paths of the folders from the tree's root down to the link's folder.
  const above = [...tree.ancestors];
  if (parent !== '') {
    let dir = tree.real;
    for (const part of parent.split('/')) above.push((dir = path.join(dir, part)));
  }
  if (above.includes(real)) {
    walk.warn({ path: display, message: 'skipped: symbolic link loop' });
    return undefined;
  }
  if (tree.throughLink) {
    walk.warn({
      path: display,
      message: 'skipped: link inside a linked folder (links are followed once)',
    });
    return undefined;
  }
  if (walk.walked.has(real)) return undefined;
  return {
    dir: absolute,
    real,
    rel,
    rules: rules.filter((r) => r.base === '' || rel.startsWith(r.base + '/')),
    throughLink: true,
    ancestors: [...above, real],
  };
}

/** Whether a file of the tree is taken: a wanted extension, not ignored, included, not excluded. */
function fileTaken(walk: Walk, rules: readonly Rule[], name: string, at: Placed): boolean {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || !walk.extensions.has(name.slice(dot + 1).toLowerCase())) return false;
  if (isIgnored(rules, at.rel, false)) return false;
  if (walk.included && !walk.included(at.rel, at.display)) return false;
  return !walk.excluded?.(at.rel, at.display);
}
