/** Golden test of the bundled corpus: the report finds exactly what corpus/planted.json lists. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { scan } from '../src/index.js';
import { REPO_ROOT } from './helpers/paths.js';

interface Planted {
  clusters: { name: string; members: string[] }[];
  partials: { name: string; a: string; b: string }[];
}

test('scanning corpus/ finds exactly the planted groups and partial reuse', async () => {
  const corpus = path.join(REPO_ROOT, 'corpus');
  const planted = JSON.parse(fs.readFileSync(path.join(corpus, 'planted.json'), 'utf8')) as Planted;
  const report = await scan(['.'], { cwd: corpus });

  const found = report.clusters
    .map((c) => c.occurrences.map((o) => `${o.path}:${o.line}`).sort())
    .sort();
  const expected = planted.clusters.map((c) => [...c.members].sort()).sort();
  expect(found).toEqual(expected);

  const foundPartials = report.partials
    .map((p) => [`${p.a.path}:${p.a.line}`, `${p.b.path}:${p.b.line}`].sort().join(' '))
    .sort();
  const expectedPartials = planted.partials.map((p) => [p.a, p.b].sort().join(' ')).sort();
  expect(foundPartials).toEqual(expectedPartials);

  // README.md and planted.json are not stories: .dupgrafignore and the default extensions keep them out.
  expect(report.documents.map((d) => d.path)).not.toContain('README.md');
  expect(report.documents.length).toBeGreaterThanOrEqual(12);
  expect(report.warnings).toEqual([]);
});
