/**
 * Finding the files to scan. Explicit files are taken as given. Directories are walked in sorted
 * order for the chosen extensions, skipping hidden entries (so `.git`) and `node_modules`, and
 * honouring `.gitignore` and `.dupgrafignore` files (gitignore syntax, via `ignore`; nested ones
 * apply below their own folder; an ignored folder is not entered). `include`/`exclude` globs
 * (picomatch) narrow the files found in directories.
 *
 * Symbolic links are followed once: a link met inside a folder reached through a link is not
 * followed again (so a walk never escapes twice), a link back to a folder on the current path is
 * a loop and is skipped with a warning, and a file reached by two paths is read once.
 * Results are sorted and de-duplicated, so the order never depends on the file system.
 */

import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { UsageError } from '../errors.js';
import type { FileWarning } from '../engine/report.js';

/** Default file extensions scanned in directories (without the dot): those with a reader. */
export const DEFAULT_EXTENSIONS: readonly string[] = [
  'txt',
  'md',
  'markdown',
  'html',
  'htm',
  'xml',
  'json',
  'jsonl',
  'ndjson',
];

/** Names of the ignore files honoured in directories. */
export const IGNORE_FILES: readonly string[] = ['.gitignore', '.dupgrafignore'];

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

/** Path as shown in reports: relative to `cwd` with '/' separators, or absolute when outside. */
export function displayPath(absolute: string, cwd: string): string {
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

interface Walk {
  root: string;
  cwd: string;
  extensions: ReadonlySet<string>;
  useIgnoreFiles: boolean;
  included: ((rel: string, display: string) => boolean) | null;
  excluded: ((rel: string, display: string) => boolean) | null;
  warn: (warning: FileWarning) => void;
  /** Real paths of folders already walked. */
  walked: Set<string>;
  files: FoundFile[];
}

function matcher(globs: readonly string[] | undefined) {
  if (!globs || globs.length === 0) return null;
  const byName = globs.filter((g) => !g.includes('/'));
  const byPath = globs.filter((g) => g.includes('/')).map((g) => g.replace(/^\.\//, ''));
  const nameMatch = byName.length > 0 ? picomatch(byName, { dot: true }) : () => false;
  const pathMatch = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  return (rel: string, display: string) =>
    nameMatch(path.posix.basename(rel)) || pathMatch(rel) || pathMatch(display);
}

/**
 * Expands paths (files or directories) into the sorted list of files to scan.
 * Throws {@link UsageError} for a path that does not exist.
 */
export async function discoverFiles(
  inputs: readonly string[],
  options: DiscoverOptions,
): Promise<FoundFile[]> {
  const extensions = new Set((options.extensions ?? DEFAULT_EXTENSIONS).map(normalizeExtension));
  const files: FoundFile[] = [];
  const walked = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(absolute);
    } catch {
      throw new UsageError(`no such file or directory: ${input}`);
    }
    if (!stat.isDirectory()) {
      files.push({ absolute, display: displayPath(absolute, options.cwd), explicit: true });
      continue;
    }
    const walk: Walk = {
      root: absolute,
      cwd: options.cwd,
      extensions,
      useIgnoreFiles: options.useIgnoreFiles ?? true,
      included: matcher(options.include),
      excluded: matcher(options.exclude),
      warn: options.onWarning ?? (() => {}),
      walked,
      files,
    };
    const real = await fs.promises.realpath(absolute);
    await walkDirectory(walk, absolute, '', [], false, [real]);
  }
  // Sorted by display path; a file reached twice (two arguments, or a link) is kept once.
  files.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  const seen = new Set<string>();
  const out: FoundFile[] = [];
  for (const file of files) {
    let real = file.absolute;
    try {
      real = await fs.promises.realpath(file.absolute);
    } catch {
      // Unreadable: reading it reports why.
    }
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(file);
  }
  return out;
}

function normalizeExtension(ext: string): string {
  return ext.replace(/^\./, '').toLowerCase();
}

function isIgnored(rules: readonly Rule[], rel: string, isDir: boolean): boolean {
  for (const { base, ig } of rules) {
    const sub = base === '' ? rel : rel.slice(base.length + 1);
    if (ig.ignores(isDir ? sub + '/' : sub)) return true;
  }
  return false;
}

async function walkDirectory(
  walk: Walk,
  dir: string,
  rel: string,
  parentRules: readonly Rule[],
  throughLink: boolean,
  ancestors: readonly string[],
): Promise<void> {
  walk.walked.add(ancestors[ancestors.length - 1]);
  const relOf = (name: string) => (rel === '' ? name : `${rel}/${name}`);
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    walk.warn({
      path: displayPath(dir, walk.cwd),
      message: `skipped: cannot read folder (${code})`,
    });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  let rules = parentRules;
  if (walk.useIgnoreFiles) {
    for (const entry of entries) {
      if (!IGNORE_FILES.includes(entry.name)) continue;
      try {
        const text = await fs.promises.readFile(path.join(dir, entry.name), 'utf8');
        rules = [...rules, { base: rel, ig: ignore().add(text) }];
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        walk.warn({
          path: displayPath(path.join(dir, entry.name), walk.cwd),
          message: `ignore file not read (${code})`,
        });
      }
    }
  }

  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIPPED_FOLDERS.includes(entry.name)) continue;
    const absolute = path.join(dir, entry.name);
    const entryRel = relOf(entry.name);
    const display = displayPath(absolute, walk.cwd);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    const isLink = entry.isSymbolicLink();
    if (isLink) {
      try {
        const target = await fs.promises.stat(absolute);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch {
        walk.warn({ path: display, message: 'skipped: broken symbolic link' });
        continue;
      }
    }
    if (isDir) {
      if (isIgnored(rules, entryRel, true)) continue;
      if (walk.excluded?.(entryRel, display)) continue;
      let real = absolute;
      if (isLink) {
        real = await fs.promises.realpath(absolute);
        if (ancestors.includes(real)) {
          walk.warn({ path: display, message: 'skipped: symbolic link loop' });
          continue;
        }
        if (throughLink) {
          walk.warn({
            path: display,
            message: 'skipped: link inside a linked folder (links are followed once)',
          });
          continue;
        }
        if (walk.walked.has(real)) continue; // already walked by another path
      } else {
        real = path.join(ancestors[ancestors.length - 1], entry.name);
      }
      await walkDirectory(walk, absolute, entryRel, rules, throughLink || isLink, [
        ...ancestors,
        real,
      ]);
      continue;
    }
    if (!isFile) continue;
    const dot = entry.name.lastIndexOf('.');
    if (dot <= 0 || !walk.extensions.has(entry.name.slice(dot + 1).toLowerCase())) continue;
    if (isIgnored(rules, entryRel, false)) continue;
    if (walk.included && !walk.included(entryRel, display)) continue;
    if (walk.excluded?.(entryRel, display)) continue;
    walk.files.push({ absolute, display });
  }
}
