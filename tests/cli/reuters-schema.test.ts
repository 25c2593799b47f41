/** Real newswire: the JSON report of all of Reuters-21578 validates against the JSON Schema. */
import path from 'node:path';
import { expect } from '@jest/globals';
import { dupgraf, schemaErrors } from '../helpers/cli.js';
import { CORPORA } from '../helpers/paths.js';
import { testNeeding } from '../helpers/requirements.js';

const REUTERS = path.join(CORPORA, 'reuters21578');

testNeeding(['corpora'], 'scan of ../shared/corpora/reuters21578 --format json validates', () => {
  const r = dupgraf(['scan', REUTERS, '--format', 'json']);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(schemaErrors(report)).toBe('');
  expect(report.summary.documents).toBeGreaterThan(19000);
  expect(report.summary.clusters).toBeGreaterThan(1000);
  // Nothing is left out of the JSON but the groups folded under re-sent stories (which it keeps in
  // foldedClusters).
  expect(report.view).toMatchObject({ sort: 'size', foldResends: true });
  expect(report.view.foldedClusters).toBeGreaterThan(0);
  expect(report.view.omittedClusters).toBe(report.view.foldedClusters);
  expect(report.foldedClusters).toHaveLength(report.view.foldedClusters);
  expect(report.clusters.length + report.foldedClusters.length).toBe(report.summary.clusters);
});
