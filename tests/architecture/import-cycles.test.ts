/**
 * No import cycles under src/: a file that imports another (a value, a type, a re-export or a
 * lazy `import()`) never ends up imported back by it, however long the way round. Cycles make a
 * module's load order matter and let two files grow into one; types shared by two files belong
 * in a file both depend on. The import graph is read with the TypeScript compiler's pre-parser
 * (`ts.preProcessFile`), its cycles found as strongly connected components (Tarjan).
 *
 * {@link ALLOWED} names the cycles still to be broken (each as its set of files); a cycle not
 * listed fails the test, and so does a listed one that no longer exists (take it off the list).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from '@jest/globals';
import { REPO_ROOT } from '../helpers/paths.js';

/** Cycles known and to be removed (files relative to src/, sorted); none today: keep it so. */
const ALLOWED: readonly (readonly string[])[] = [];

const SRC = path.join(REPO_ROOT, 'src');

/** Every .ts file under `dir`, relative to src/ with forward slashes, sorted. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
      out.push(path.relative(SRC, full).split(path.sep).join('/'));
  }
  return out.sort();
}

/** The files under src/ each file imports (relative specifiers; `x.js` is the file `x.ts`). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    const targets = new Set<string>();
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.posix
        .normalize(path.posix.join(path.posix.dirname(file), fileName))
        .replace(/\.js$/, '.ts');
      if (known.has(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** The strongly connected components of more than one file (or a file importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** One shortest way round a component, from its first file back to it (for the message). */
function oneCycle(graph: Map<string, string[]>, component: readonly string[]): string[] {
  const inside = new Set(component);
  const start = component[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const w of graph.get(queue[i]) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const way: string[] = [];
        for (let at = queue[i]; at !== start; at = cameFrom.get(at)!) way.unshift(at);
        return [start, ...way, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, queue[i]);
        queue.push(w);
      }
    }
  }
  return [...component];
}

const key = (files: readonly string[]) => [...files].sort().join(' ');

describe('imports under src/', () => {
  const graph = importGraph(sourceFiles(SRC));

  test('the graph is read: the API root imports scan, scan imports the engine', () => {
    expect(graph.get('index.ts')).toContain('scan.ts');
    expect(graph.get('scan.ts')).toContain('engine/detect.ts');
    // A type-only import is an edge too.
    expect(graph.get('sources/formats/libraries.ts')).toContain('sources/formats/input-format.ts');
  });

  test('form no cycle but the allowed ones', () => {
    const allowed = new Set(ALLOWED.map(key));
    const unexpected = cycles(graph)
      .filter((c) => !allowed.has(key(c)))
      .map(
        (c) => `${oneCycle(graph, c).join(' → ')} (cycle of ${c.length} files: ${c.join(', ')})`,
      );
    expect(unexpected).toEqual([]);
  });

  test('every allowed cycle still exists (a broken one comes off the list)', () => {
    const present = new Set(cycles(graph).map(key));
    expect(ALLOWED.map(key).filter((c) => !present.has(c))).toEqual([]);
  });

  test('a cycle is found however long the way round, and named', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
    expect(oneCycle(g, ['a.ts', 'b.ts', 'c.ts'])).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });
});
