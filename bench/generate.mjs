#!/usr/bin/env node
/**
 * Deterministic synthetic newswire with planted reuse, for `npm run bench`.
 *
 *   node bench/generate.mjs --stories N --seed S --out DIR [--no-truth] [--script han]
 *
 * `--script han` writes the same stories in Chinese: each pseudo-word is 1-3 Han characters (of
 * 3,000), words are written without spaces, a comma about every eighth word and a full stop at
 * the end, and the dateline reads `北京3月5日电`.
 *
 * Design: news-like stories of 3-15 paragraphs of 20-80 words drawn from a Zipf vocabulary
 * (30,000 pseudo-words, exponent 1); the first paragraph carries a dateline. About 15% of all
 * paragraph slots are background paragraphs, each reused in 2-30 stories, verbatim (half of the
 * copies) or with 1-5 word edits (substitution, insertion or deletion). Stories are written to
 * DIR/stories/NNN/sNNNNNNN.txt (1,000 per folder), paragraphs separated by one blank line.
 *
 * Ground truth, DIR/truth.json: for each pair of copies of one background paragraph, their word
 * 3-shingle Jaccard as dupgraf computes it (via the built dist/), when it is at least 0.5:
 * `{stories, paragraphs, bytes, pairs: [[pathA, lineA, pathB, lineB, jaccard], ...]}`.
 * With --no-truth (for the largest sizes) `pairs` is null. Same N and S, same bytes.
 */
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { tokenize, shingleSet, jaccardOf, intersectionSize } = await import(
  path.join(ROOT, 'dist/engine-api.js')
);

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCABULARY = 30000;
const SYLLABLES = [
  'ba',
  'ko',
  'ri',
  'tan',
  'mel',
  'so',
  'vi',
  'der',
  'lu',
  'pra',
  'ne',
  'gos',
  'fa',
  'tur',
  'chi',
  'wen',
  'ma',
  'lor',
  'bi',
  'sek',
  'da',
  'mon',
  'ple',
  'ra',
  'ti',
  'van',
  'ho',
  'ex',
];
const CITIES = ['LONDON', 'NEW YORK', 'TOKYO', 'PARIS', 'FRANKFURT', 'SYDNEY', 'TORONTO', 'SEOUL'];
const MONTHS = ['Jan', 'Feb', 'March', 'April', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct'];

const CITIES_ZH = ['北京', '上海', '东京', '巴黎', '伦敦', '纽约', '悉尼', '首尔'];

/** A Chinese pseudo-word for a rank: 1-3 Han characters of 3,000 (frequent words shorter). */
function hanWordOf(rank) {
  const length = rank < 300 ? 1 + (rank % 2) : 1 + (rank % 3);
  let w = '';
  let x = rank + 1;
  for (let j = 0; j < length; j++) {
    x = (Math.imul(x, 2654435761) + j) >>> 0;
    w += String.fromCodePoint(0x4e00 + (x % 3000));
  }
  return w;
}

/** A paragraph's words as Chinese is written: no spaces, a comma every eighth word, a full stop. */
function hanText(words) {
  let out = '';
  words.forEach((w, i) => (out += w + (i % 8 === 7 && i < words.length - 1 ? '，' : '')));
  return out;
}

function wordOf(rank) {
  let w = '';
  let r = rank + 1;
  while (r > 0) {
    w += SYLLABLES[r % SYLLABLES.length];
    r = Math.floor(r / SYLLABLES.length);
  }
  return w;
}

/** Generates the corpus; returns its summary. */
export function generate({ stories, seed, out, truth = true, script = 'latin' }) {
  const rnd = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const han = script === 'han';
  const words = Array.from({ length: VOCABULARY }, (_, r) => (han ? hanWordOf(r) : wordOf(r)));
  const join = (list) => (han ? hanText(list) : list.join(' '));
  const cumulative = new Float64Array(VOCABULARY);
  let sum = 0;
  for (let r = 0; r < VOCABULARY; r++) cumulative[r] = sum += 1 / (r + 1);
  const zipfWord = () => {
    const x = rnd() * sum;
    let lo = 0;
    let hi = VOCABULARY - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
  const freshParagraph = () => Array.from({ length: int(20, 80) }, zipfWord);

  // Slots: story s has paragraphs[s] paragraphs.
  const sizes = Array.from({ length: stories }, () => int(3, 15));
  const slots = [];
  sizes.forEach((n, s) => {
    for (let k = 1; k < n; k++) slots.push(s * 16 + k); // the dateline paragraph stays fresh
  });
  // Shuffle slots; take background uses from the front.
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [slots[i], slots[j]] = [slots[j], slots[i]];
  }
  const backgroundSlots = Math.floor(0.15 * sizes.reduce((a, b) => a + b, 0));
  const assigned = new Map(); // slot -> [background id, edited words]
  const backgrounds = [];
  let used = 0;
  while (used < backgroundSlots && used < slots.length) {
    const uses = Math.min(int(2, 30), slots.length - used);
    const base = freshParagraph();
    const id = backgrounds.length;
    backgrounds.push({ base, copies: [] });
    for (let u = 0; u < uses; u++) {
      let copy = base;
      if (u > 0 && rnd() < 0.5) {
        copy = [...base];
        const edits = int(1, 5);
        for (let e = 0; e < edits; e++) {
          const at = int(0, copy.length - 1);
          const kind = rnd();
          if (kind < 0.6) copy[at] = zipfWord();
          else if (kind < 0.8) copy.splice(at, 0, zipfWord());
          else copy.splice(at, 1);
        }
      }
      assigned.set(slots[used++], [id, copy]);
    }
  }

  fs.rmSync(out, { recursive: true, force: true });
  let paragraphs = 0;
  let bytes = 0;
  for (let s = 0; s < stories; s++) {
    const folder = String(Math.floor(s / 1000)).padStart(4, '0');
    const rel = `stories/${folder}/s${String(s).padStart(7, '0')}.txt`;
    const lines = [];
    for (let k = 0; k < sizes[s]; k++) {
      let text;
      const planted = assigned.get(s * 16 + k);
      if (planted) {
        text = join(planted[1]);
        if (truth) backgrounds[planted[0]].copies.push({ path: rel, line: 2 * k + 1, text });
      } else {
        text = join(freshParagraph());
        if (k === 0 && han) {
          text = `${CITIES_ZH[int(0, CITIES_ZH.length - 1)]}${int(1, 12)}月${int(1, 28)}日电 ${text}`;
        } else if (k === 0) {
          text = `${CITIES[int(0, CITIES.length - 1)]}, ${MONTHS[int(0, 9)]} ${int(1, 28)} - ${text}`;
        }
      }
      text = han ? text + '。' : text.charAt(0).toUpperCase() + text.slice(1) + '.';
      lines.push(text);
    }
    const body = lines.join('\n\n') + '\n';
    if (s % 1000 === 0) fs.mkdirSync(path.join(out, 'stories', folder), { recursive: true });
    fs.writeFileSync(path.join(out, rel), body);
    paragraphs += sizes[s];
    bytes += Buffer.byteLength(body);
  }

  // Truth: Jaccard of every pair of copies of one background paragraph (>= 0.5 kept).
  const pairs = [];
  for (const b of backgrounds) {
    const sets = b.copies.map((c) => shingleSet(tokenize(c.text).hashes, 3));
    for (let i = 0; i < b.copies.length; i++) {
      for (let j = i + 1; j < b.copies.length; j++) {
        const inter = intersectionSize(sets[i], sets[j]);
        const jac = jaccardOf(inter, sets[i].length, sets[j].length);
        if (jac >= 0.5 - 1e-9) {
          const x = b.copies[i];
          const y = b.copies[j];
          const [p, q] =
            x.path < y.path || (x.path === y.path && x.line < y.line) ? [x, y] : [y, x];
          pairs.push([p.path, p.line, q.path, q.line, Math.round(jac * 1e6) / 1e6]);
        }
      }
    }
  }
  const summary = { stories, seed, paragraphs, bytes, backgrounds: backgrounds.length };
  fs.writeFileSync(
    path.join(out, 'truth.json'),
    JSON.stringify({ ...summary, pairs: truth ? pairs : null }),
  );
  return summary;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      stories: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      'no-truth': { type: 'boolean', default: false },
      script: { type: 'string', default: 'latin' },
    },
  });
  if (!values.out) {
    console.error('usage: node bench/generate.mjs --stories N --seed S --out DIR');
    process.exitCode = 2;
  } else {
    const summary = generate({
      stories: Number(values.stories),
      seed: Number(values.seed),
      out: path.resolve(values.out),
      truth: !values['no-truth'],
      script: values.script,
    });
    console.log(JSON.stringify(summary));
  }
}
