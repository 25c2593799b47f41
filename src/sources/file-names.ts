/**
 * Which files a scan takes and how it names them, shared by discovery (discover.ts) and the tree
 * walk (walk-tree.ts): the default extensions, the files and folders never taken, the found file
 * ({@link FoundFile}) and its path as reports show it ({@link displayPath}).
 */

import path from 'node:path';

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

/** A file to read: its absolute path and the path shown in reports. */
export interface FoundFile {
  /** Absolute path on disk. */
  absolute: string;
  /** Path relative to `cwd`, '/'-separated (absolute when outside `cwd`). */
  display: string;
  /** Whether the file was named on the command line (not found in a directory). */
  explicit?: boolean;
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

/** Code-unit order of strings (the order of paths in every result). */
export const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
