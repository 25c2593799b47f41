/** displayPath's fast paths (normalized paths, POSIX) answer as path.relative does. */
import path from 'node:path';
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import { displayPath } from '../../src/sources/discover.js';

/** The definition: relative to cwd, '/'-separated; absolute when outside cwd or cwd itself. */
function reference(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    return absolute.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

test('equals the path.relative answer on awkward paths', () => {
  const segment = fc.constantFrom('a', 'b', 'ab', '.', '..', '', '.x', 'x.', '..y', 'a b');
  const pathOf = fc.array(segment, { maxLength: 5 }).map((s) => '/' + s.join('/'));
  fc.assert(
    fc.property(pathOf, pathOf, fc.boolean(), (cwd, rest, under) => {
      const absolute = under ? cwd + rest : rest;
      expect(displayPath(absolute, cwd)).toBe(reference(absolute, cwd));
    }),
    { numRuns: 3000 },
  );
  for (const [absolute, cwd] of [
    ['/newsroom/corpus/a.txt', '/newsroom'],
    ['/newsroom/corpus/a.txt', '/newsroom/'],
    ['/newsroomx/a.txt', '/newsroom'],
    ['/a.txt', '/'],
    ['/newsroom', '/newsroom'],
    ['/tmp/corpus/a.txt', '/newsroom'],
    ['/newsroom/../a.txt', '/newsroom'],
    ['/newsroom/a.txt', '/newsroom/../newsroom'],
  ])
    expect(displayPath(absolute, cwd)).toBe(reference(absolute, cwd));
});
