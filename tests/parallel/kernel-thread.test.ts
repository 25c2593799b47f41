/**
 * Ranking and the join split across two threads: the same ranks, sizes and pairs as one thread
 * (and as the brute-force oracle), whether the other part runs in this thread (`inlineRunner`)
 * or on the kernel worker; a failing kernel gives way to this thread; a scan is byte-identical.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { formatReport } from '../../src/index.js';
import {
  containmentSelfJoin,
  isPartial,
  rankShared,
  type SetCollection,
} from '../../src/engine-api.js';
import { JOIN_KERNELS } from '../../src/engine/join.js';
import { inlineRunner, type KernelRunner } from '../../src/engine/parallel.js';
import { startKernelThread } from '../../src/parallel/kernel-thread.js';
import { bruteForceSetPairs } from '../helpers/oracle.js';
import { mulberry32, randomDocuments } from '../helpers/random.js';
import { threeRuns } from '../helpers/thread-runs.js';

/** `count` random repeat-free hash sets, most hashes met again in other sets. */
function randomSets(seed: number, total: number): Uint32Array[] {
  const rnd = mulberry32(seed);
  const pool = Math.max(4, Math.floor(total / 3));
  const bases = Array.from({ length: 50 }, () =>
    Array.from({ length: 5 + Math.floor(rnd() * 40) }, () => Math.floor(rnd() * pool)),
  );
  const sets: Uint32Array[] = [];
  for (let n = 0; n < total;) {
    const base = bases[Math.floor(rnd() * bases.length)];
    const s = new Set<number>();
    for (const x of base) if (rnd() > 0.2) s.add((x * 2654435761) >>> 0);
    for (let k = Math.floor(rnd() * 6); k > 0; k--)
      s.add((Math.floor(rnd() * pool * 50) * 2246822519) >>> 0);
    if (s.size === 0) s.add(1);
    sets.push(Uint32Array.from(s));
    n += s.size;
  }
  return sets;
}

function collectionOf(sets: Uint32Array[]): SetCollection {
  const offsets = new Uint32Array(sets.length + 1);
  sets.forEach((x, i) => (offsets[i + 1] = offsets[i] + x.length));
  const tokens = new Uint32Array(offsets[sets.length]);
  sets.forEach((x, i) => tokens.set(x, offsets[i]));
  return { count: sets.length, offsets, tokens };
}

/** Same length and elements (whether in shared memory or not). */
const same = (x: Uint32Array, y: Uint32Array) =>
  Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(
    Buffer.from(y.buffer, y.byteOffset, y.byteLength),
  );
const pairKeys = (p: { a: number[]; b: number[] }) => p.a.map((a, i) => `${a}|${p.b[i]}`).sort();
const thread = startKernelThread();
afterAll(() => thread?.close());

const runners: Array<[string, () => KernelRunner]> = [
  ['in this thread', () => inlineRunner(JOIN_KERNELS)],
  ['on the kernel worker', () => thread!],
];

describe.each(runners)('two parts %s', (_name, runner) => {
  // From one bucket (the second part gets none) to 256 buckets.
  for (const total of [40, 5_000, 1_200_000]) {
    test(`rankShared over ${total.toLocaleString('en-US')} shingles: same ranks and sizes`, () => {
      const sets = randomSets(total, total);
      const one = rankShared(collectionOf(sets));
      const two = rankShared(collectionOf(sets), runner());
      expect(same(two.offsets, one.offsets)).toBe(true);
      expect(same(two.sizes!, one.sizes!)).toBe(true);
      expect(same(two.tokens, one.tokens)).toBe(true);
      if (total > 100) expect(one.tokens.length).toBeGreaterThan(total / 4);
    });
  }
  for (const c of [0.5, 0.8]) {
    test(`containmentSelfJoin at ${c}: the oracle's pairs`, () => {
      const sets = randomSets(7, 20_000);
      const sorted = sets.map((x) => x.slice().sort());
      const expected = bruteForceSetPairs(sorted, (i, a, b) => isPartial(i, a, b, c));
      const two = containmentSelfJoin(rankShared(collectionOf(sets), runner()), c, runner());
      expect(pairKeys(two)).toEqual([...expected].sort());
      expect(expected.size).toBeGreaterThan(100);
    });
  }
});

describe('the kernel worker', () => {
  test('starts (the build is there)', () => {
    expect(thread).toBeDefined();
  });
  test('a kernel that fails answers undefined, without hanging', () => {
    expect(thread!.start('no-such-kernel', {})()).toBeUndefined();
    expect(thread!.start('containmentJoinPart', {})()).toBeUndefined();
    // And the thread still works afterwards.
    const sets = randomSets(3, 2_000);
    const two = rankShared(collectionOf(sets), thread);
    expect(same(two.tokens, rankShared(collectionOf(sets)).tokens)).toBe(true);
  });
  test('a runner that fails after taking work: this thread does that work again', () => {
    // Takes the first two blocks of sets (1,024 each) of the join, or the first two jobs of the
    // ranking's shared parts, and never answers for them; fails every other kernel at once.
    const failing: KernelRunner = {
      start: (kernel, job) => {
        if (kernel === 'containmentJoinPart' || kernel === 'sharedParts') {
          const { next } = job as { next: Int32Array };
          Atomics.add(next, 0, 1);
          Atomics.add(next, 0, 1);
        }
        return () => undefined;
      },
    };
    const sets = randomSets(11, 90_000);
    expect(sets.length).toBeGreaterThan(3 * 1024);
    const ranked = rankShared(collectionOf(sets));
    const rankedHere = rankShared(collectionOf(sets), failing);
    expect(same(rankedHere.tokens, ranked.tokens)).toBe(true);
    expect(same(rankedHere.offsets, ranked.offsets)).toBe(true);
    const one = containmentSelfJoin(ranked, 0.8);
    const two = containmentSelfJoin(rankedHere, 0.8, failing);
    expect(pairKeys(two)).toEqual(pairKeys(one));
    expect(one.a.length).toBeGreaterThan(1000);
  });
  test('after close, the engine runs every part itself', () => {
    const closed = startKernelThread()!;
    closed.close();
    const sets = randomSets(5, 50_000);
    expect(
      same(rankShared(collectionOf(sets), closed).tokens, rankShared(collectionOf(sets)).tokens),
    ).toBe(true);
  });
});

describe('a scan with the kernel thread', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-kernels-'));
  for (const [i, d] of randomDocuments(9, 400, 300).entries()) {
    const sub = path.join(dir, `desk${i % 4}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, d.path), d.text);
  }
  test('gives the same bytes as one thread', async () => {
    const runs = await threeRuns(dir, { containment: 0.5 }, 'kernelThreadFrom', 'kernelThread');
    const { oneThread: one, forced: two, declined } = runs;
    expect(runs.flags).toEqual([
      [1, false],
      [2, true],
      [2, false],
    ]);
    expect(one.clusters.length).toBeGreaterThan(10);
    expect(one.partials.length).toBeGreaterThan(10);
    expect(formatReport(two, 'json')).toBe(formatReport(one, 'json'));
    expect(formatReport(declined, 'json')).toBe(formatReport(one, 'json'));
  });
});
