/**
 * Finding the files to scan. Explicit files are taken as given. Directories are walked with
 * fast-glob (one walk per real folder tree, symbolic links not followed by fast-glob) for the
 * chosen extensions, skipping hidden entries (so `.git`; hidden folders are not entered) and
 * `node_modules`, and honouring `.gitignore` and `.dupgrafignore` files (gitignore syntax, via
 * `ignore`; nested ones apply below their own folder; files under an ignored folder are dropped).
 * `include`/`exclude` globs (picomatch) narrow the files found in directories.
 *
 * Symbolic links are handled here, not by fast-glob: a link to a folder is walked as a tree of
 * its own, once; a link met inside a folder reached through a link is not followed again (so a
 * walk never escapes twice), a link back to a folder on the current path is a loop and is skipped
 * with a warning, a broken link is a warning, and a file reached by two paths is read once.
 * Results are sorted and de-duplicated, so the order never depends on the file system.
 */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type FastGlob from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { UsageError } from '../errors.js';
import type { FileWarning } from '../engine/report.js';

const require = createRequire(import.meta.url);
let fastGlobModule: typeof FastGlob | undefined;
/**
 * fast-glob, loaded when a folder is first walked (its CommonJS, which every loader can
 * require): a run given only files or stdin does not pay its ~50 ms of module loading.
 */
const fg = (): typeof FastGlob => (fastGlobModule ??= require('fast-glob') as typeof FastGlob);

/** Default file extensions scanned in directories (without the dot): those with a reader. */
export const DEFAULT_EXTENSIONS: readonly string[] = [
  'txt',
  'md',
  'markdown',
  'html',
  'htm',
  'xhtml',
  'xml',
  'json',
  'jsonl',
  'ndjson',
];

/** Names of the ignore files honoured in directories. */
export const IGNORE_FILES: readonly string[] = ['.gitignore', '.dupgrafignore'];

/**
 * Where the CLI looks for a config file in each folder, in this order (then the parent folder);
 * a `package.json` counts only with a "dupgraf" key.
 */
export const CONFIG_FILE_NAMES: readonly string[] = [
  'package.json',
  'dupgraf.config.json',
  'dupgraf.config.mjs',
  'dupgraf.config.js',
  '.dupgraf.json',
  '.dupgrafrc',
  '.dupgrafrc.yaml',
  '.dupgrafrc.yml',
];

/**
 * dupgraf's own files, never taken from directories as stories (a file named explicitly is still
 * read): its config files ({@link CONFIG_FILE_NAMES}: `package.json` can carry the config), the
 * approved boilerplate registry and the baseline, by their default names.
 */
export const TOOL_FILES: readonly string[] = [
  ...CONFIG_FILE_NAMES,
  'dupgraf.approved.json',
  'dupgraf.baseline',
];

/** Folder names never entered (besides hidden ones). */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules'];

/** Options of {@link discoverFiles}. */
export interface DiscoverOptions {
  /** Directory paths are resolved against; default `process.cwd()` of the caller. */
  cwd: string;
  /** Extensions (without dot, any case) to take from directories; default {@link DEFAULT_EXTENSIONS}. */
  extensions?: readonly string[];
  /** Honour .gitignore/.dupgrafignore files; default true. */
  useIgnoreFiles?: boolean;
  /**
   * Globs a file found in a directory must match (any of them); default none (every file).
   * Matched against the path relative to the scanned folder and to `cwd`; a glob without `/`
   * matches the file name.
   */
  include?: readonly string[];
  /** Globs of files (or folders) found in directories to leave out; default none. */
  exclude?: readonly string[];
  /** Called for each entry skipped during the walk (broken link, link loop, unreadable folder). */
  onWarning?: (warning: FileWarning) => void;
  /**
   * Called during the walk with each file that will most likely be in the result, as soon as it
   * is met (in no particular order), so that work on it can start before the walk ends: a plain
   * file with a wanted extension that the ignore files known so far and `include`/`exclude` let
   * through. Only a guess: the returned list is what counts. It may hold files never passed here
   * (e.g. reached through a link) and lack some that were (e.g. a nested ignore file met later).
   */
  onFile?: (file: FoundFile) => void;
}

/** A file to read: its absolute path and the path shown in reports. */
export interface FoundFile {
  /** Absolute path on disk. */
  absolute: string;
  /** Path relative to `cwd`, '/'-separated (absolute when outside `cwd`). */
  display: string;
  /** Whether the file was named on the command line (not found in a directory). */
  explicit?: boolean;
}

/**
 * A found file and where its real path comes from (for de-duplication; not part of the result):
 * `base` + '/' + `sub` (the real folder tree and the path in it), `base` alone (a linked file,
 * resolved), or to be resolved (`base` null: a file named explicitly).
 */
interface Candidate extends FoundFile {
  base: string | null;
  sub: string;
}

/** The last directory {@link isNormalDirectory} found normalized. */
let normalDirectory = '';

/** Whether `dir` is absolute and normalized (what path.resolve gives back unchanged). */
function isNormalDirectory(dir: string): boolean {
  if (dir === normalDirectory) return true;
  if (!path.isAbsolute(dir) || path.resolve(dir) !== dir) return false;
  normalDirectory = dir;
  return true;
}

/** Path as shown in reports: relative to `cwd` with '/' separators, or absolute when outside. */
export function displayPath(absolute: string, cwd: string): string {
  // The usual cases (POSIX, both paths normalized) without path.relative's work.
  if (path.sep === '/' && absolute.startsWith('/') && !/\/\.{0,2}(?=\/|$)/.test(absolute)) {
    if (isNormalDirectory(cwd)) {
      const prefix = cwd === '/' ? '/' : cwd + '/';
      if (!absolute.startsWith(prefix)) return absolute;
      const rest = absolute.slice(prefix.length);
      return rest.startsWith('..') ? absolute : rest;
    }
  }
  const rel = path.relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    return absolute.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

interface Rule {
  /** Folder of the ignore file, relative to the walk's root ('' for the root). */
  base: string;
  ig: Ignore;
}

/** The state of the walk of one directory argument. */
interface Walk {
  cwd: string;
  extensions: ReadonlySet<string>;
  useIgnoreFiles: boolean;
  included: ((rel: string, display: string) => boolean) | null;
  excluded: ((rel: string, display: string) => boolean) | null;
  warn: (warning: FileWarning) => void;
  /** See `DiscoverOptions.onFile`. */
  onFile: ((file: FoundFile) => void) | undefined;
  /** Real paths of the folder trees already walked (arguments and followed links). */
  walked: Set<string>;
  files: Candidate[];
}

/** One real folder tree walked by fast-glob: the argument's folder, or a followed link. */
interface Tree {
  /** Absolute path (through the link, for display). */
  dir: string;
  /** Its real path. */
  real: string;
  /** Path relative to the walk's root ('' for the root). */
  rel: string;
  /** Ignore rules from the folders above. */
  rules: readonly Rule[];
  /** Reached through a symbolic link (links inside are not followed). */
  throughLink: boolean;
  /** Real paths of the folders above, ending with `real`. */
  ancestors: readonly string[];
}

/**
 * A glob as matched: `name/` (a trailing slash, as in an ignore file) stands for the folder `name`
 * at any depth and everything below it, `a/b/` for the folder `a/b` and everything below it.
 */
function folderGlob(glob: string): string {
  if (!glob.endsWith('/')) return glob;
  const inner = glob.slice(0, -1);
  return inner.includes('/') ? `${glob}**` : `**/${glob}**`;
}

function matcher(globs: readonly string[] | undefined, option: string) {
  if (!globs || globs.length === 0) return null;
  if (globs.some((g) => g === '')) throw new UsageError(`${option}: an empty glob matches nothing`);
  const byName = globs.filter((g) => !g.includes('/'));
  const byPath = globs
    .filter((g) => g.includes('/'))
    .map((g) => folderGlob(g.replace(/^\.\//, '')));
  const nameMatch = byName.length > 0 ? picomatch(byName, { dot: true }) : () => false;
  const pathMatch = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  return (rel: string, display: string) =>
    nameMatch(path.posix.basename(rel)) || pathMatch(rel) || pathMatch(display);
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Expands paths (files or directories) into the sorted list of files to scan.
 * Throws {@link UsageError} for a path that does not exist.
 */
export async function discoverFiles(
  inputs: readonly string[],
  options: DiscoverOptions,
): Promise<FoundFile[]> {
  const extensions = new Set((options.extensions ?? DEFAULT_EXTENSIONS).map(normalizeExtension));
  const given = await statInputs(inputs, options.cwd);
  const files: Candidate[] = [];
  const walked = new Set<string>();
  let walk: Walk | undefined;
  for (const { absolute, display, stat } of given) {
    if (!stat.isDirectory()) {
      files.push({ absolute, display, explicit: true, base: null, sub: '' });
      options.onFile?.({ absolute, display });
      continue;
    }
    walk ??= {
      cwd: options.cwd,
      extensions,
      useIgnoreFiles: options.useIgnoreFiles ?? true,
      included: matcher(options.include, 'include'),
      excluded: matcher(options.exclude, 'exclude'),
      warn: options.onWarning ?? (() => {}),
      onFile: options.onFile,
      walked,
      files,
    };
    await walkFolder(walk, absolute);
  }
  return uniqueFiles(files, walked.size);
}

/** A path given, resolved, with its display path and `stat`. */
interface Given {
  absolute: string;
  display: string;
  stat: fs.Stats;
}

/**
 * Every path given, checked in the order given (the first missing one is the error); then sorted
 * by display path, so that a folder given twice (by itself and through a link) is walked under
 * its first path in sorted order, whatever the order given.
 */
async function statInputs(inputs: readonly string[], cwd: string): Promise<Given[]> {
  const given: Given[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    try {
      given.push({
        absolute,
        display: displayPath(absolute, cwd),
        stat: await fs.promises.stat(absolute),
      });
    } catch (error) {
      throw new UsageError(await whyNotThere(input, absolute, error as NodeJS.ErrnoException));
    }
  }
  return given.sort((a, b) => byString(a.display, b.display));
}

/**
 * Walks a folder given as an argument (unless walked already) and the linked folders met in it,
 * each real folder tree once, one after another in the order their links were met (sorted).
 */
async function walkFolder(walk: Walk, absolute: string): Promise<void> {
  const real = await fs.promises.realpath(absolute);
  if (walk.walked.has(real)) return; // the same folder given twice
  const queue: Tree[] = [
    { dir: absolute, real, rel: '', rules: [], throughLink: false, ancestors: [real] },
  ];
  for (let tree = queue.shift(); tree; tree = queue.shift()) {
    walk.walked.add(tree.real);
    queue.push(...(await walkTree(walk, tree)));
  }
}

/**
 * The files sorted by display path; a file reached twice (two arguments, or a link) is kept once.
 * With one folder tree (`trees` walked) and no other file, no file can be reached twice.
 */
async function uniqueFiles(files: Candidate[], trees: number): Promise<FoundFile[]> {
  files.sort((a, b) => byString(a.display, b.display));
  if (trees <= 1 && files.every((f) => f.base !== null && f.sub !== '')) {
    return files.map((f) => ({ absolute: f.absolute, display: f.display }));
  }
  const seen = new Set<string>();
  const out: FoundFile[] = [];
  for (const file of files) {
    let real =
      file.base === null ? null : file.sub === '' ? file.base : path.join(file.base, file.sub);
    if (real === null) {
      try {
        real = await fs.promises.realpath(file.absolute);
      } catch {
        real = file.absolute; // Unreadable: reading it reports why.
      }
    }
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(
      file.explicit
        ? { absolute: file.absolute, display: file.display, explicit: true }
        : { absolute: file.absolute, display: file.display },
    );
  }
  return out;
}

/** Why a path given on the command line cannot be scanned (`error`: its `stat`'s). */
async function whyNotThere(
  input: string,
  absolute: string,
  error: NodeJS.ErrnoException,
): Promise<string> {
  if (error.code === 'ELOOP') return `${input}: symbolic link loop`;
  if (error.code === 'ENOENT') {
    const link = await fs.promises.lstat(absolute).then(
      (s) => s.isSymbolicLink(),
      () => false,
    );
    if (link) return `${input}: broken symbolic link`;
  } else if (error.code !== undefined && error.code !== 'ENOTDIR')
    return `${input}: cannot be read (${error.code})`;
  return `no such file or directory: ${input}`;
}

function normalizeExtension(ext: string): string {
  return ext.replace(/^\./, '').toLowerCase();
}

function isIgnored(rules: readonly Rule[], rel: string, isDir: boolean): boolean {
  for (const { base, ig } of rules) {
    if (base !== '' && !rel.startsWith(base + '/')) continue;
    const sub = base === '' ? rel : rel.slice(base.length + 1);
    if (ig.ignores(isDir ? sub + '/' : sub)) return true;
  }
  return false;
}

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
async function walkTree(walk: Walk, tree: Tree): Promise<Tree[]> {
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

/** An entry of a tree as the walk places it. */
interface Placed {
  /** Path relative to the walk's root. */
  rel: string;
  /** Its folder's path relative to the tree ('' for the tree's root). */
  parent: string;
  absolute: string;
  display: string;
}

/**
 * The tree's own ignore files (read first, by name), and fast-glob's `ignore` globs: the usual
 * ones ({@link NOT_ENTERED}) and the folders these files surely ignore, so those are not even
 * entered. A missing file is the usual case; another problem is reported when the walk meets it.
 */
async function readRootIgnoreFiles(
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
 * The ignore rules in force in the tree: those from the folders above, then those of the ignore
 * files found in the tree, by depth (an unreadable one is a warning).
 */
async function treeRules(
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
function folderSkipper(
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
