/**
 * Finding the files to scan: explicit files are taken as given; directories are walked with
 * fast-glob for the chosen extensions, skipping hidden entries and node_modules, and honouring
 * `.gitignore` and `.dupgrafignore` files (nested ones apply below their own folder).
 * Results are sorted and de-duplicated, so the order never depends on the file system.
 */

import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../errors.js';

/** Default file extensions scanned in directories (without the dot). */
export const DEFAULT_EXTENSIONS: readonly string[] = ['txt', 'md'];

/** Names of the ignore files honoured in directories. */
export const IGNORE_FILES: readonly string[] = ['.gitignore', '.dupgrafignore'];

/** Options of {@link discoverFiles}. */
export interface DiscoverOptions {
  /** Directory paths are resolved against; default `process.cwd()` of the caller. */
  cwd: string;
  /** Extensions (without dot) to take from directories; default {@link DEFAULT_EXTENSIONS}. */
  extensions?: readonly string[];
  /** Honour .gitignore/.dupgrafignore files; default true. */
  useIgnoreFiles?: boolean;
}

/** A file to read: its absolute path and the path shown in reports. */
export interface FoundFile {
  /** Absolute path on disk. */
  absolute: string;
  /** Path relative to `cwd`, '/'-separated (absolute when outside `cwd`). */
  display: string;
}

/** Path as shown in reports: relative to `cwd` with '/' separators, or absolute when outside. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    return absolute.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

/**
 * Expands paths (files or directories) into the sorted list of files to scan.
 * Throws {@link UsageError} for a path that does not exist.
 */
export async function discoverFiles(
  inputs: readonly string[],
  options: DiscoverOptions,
): Promise<FoundFile[]> {
  const extensions = options.extensions ?? DEFAULT_EXTENSIONS;
  const found = new Map<string, FoundFile>();
  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(absolute);
    } catch {
      throw new UsageError(`no such file or directory: ${input}`);
    }
    if (stat.isFile()) {
      found.set(absolute, { absolute, display: displayPath(absolute, options.cwd) });
      continue;
    }
    for (const file of await walkDirectory(absolute, extensions, options.useIgnoreFiles ?? true)) {
      found.set(file, { absolute: file, display: displayPath(file, options.cwd) });
    }
  }
  return [...found.values()].sort((a, b) =>
    a.display < b.display ? -1 : a.display > b.display ? 1 : 0,
  );
}

async function walkDirectory(
  root: string,
  extensions: readonly string[],
  useIgnoreFiles: boolean,
): Promise<string[]> {
  const pattern =
    extensions.length === 1 ? `**/*.${extensions[0]}` : `**/*.{${extensions.join(',')}}`;
  const files = await fg(pattern, {
    cwd: root,
    dot: false,
    onlyFiles: true,
    followSymbolicLinks: true,
    ignore: ['**/node_modules/**', '**/.git/**'],
    caseSensitiveMatch: false,
  });
  if (!useIgnoreFiles) return files.map((f) => path.join(root, f));
  const ignoreFiles = await fg(
    IGNORE_FILES.map((name) => `**/${name}`),
    { cwd: root, dot: true, onlyFiles: true, ignore: ['**/node_modules/**', '**/.git/**'] },
  );
  const rules = new Map<string, Ignore>();
  for (const file of ignoreFiles.sort()) {
    const dir = path.posix.dirname(file);
    const key = dir === '.' ? '' : dir;
    const rule = rules.get(key) ?? ignore();
    rule.add(await fs.promises.readFile(path.join(root, file), 'utf8'));
    rules.set(key, rule);
  }
  return files
    .filter((file) => {
      for (const [dir, rule] of rules) {
        if (dir !== '' && !file.startsWith(dir + '/')) continue;
        const rel = dir === '' ? file : file.slice(dir.length + 1);
        if (rule.ignores(rel)) return false;
      }
      return true;
    })
    .map((f) => path.join(root, f));
}
