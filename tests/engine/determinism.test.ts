import { describe, expect, test } from '@jest/globals';
import { formatReport } from '../../src/index.js';
import { detect } from '../../src/engine-api.js';
import { mulberry32, randomDocuments } from '../helpers/random.js';

describe('determinism', () => {
  test('the JSON report is byte-identical across runs and input orderings', () => {
    const documents = randomDocuments(5, 120);
    const json = (docs: typeof documents) => formatReport(detect(docs, { pairs: true }), 'json');
    const reference = json(documents);
    expect(json(documents)).toBe(reference);
    const rnd = mulberry32(3);
    for (let round = 0; round < 3; round++) {
      const shuffled = [...documents].sort(() => rnd() - 0.5);
      expect(json(shuffled)).toBe(reference);
    }
    expect(JSON.parse(reference).clusters.length).toBeGreaterThan(5);
  });
});
