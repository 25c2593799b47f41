#!/usr/bin/env node
/**
 * The floor of `npm run bench`: the least any paragraph-duplicate finder must do, and nothing
 * more. Walks the folders given, reads every .txt/.md file, decodes it as UTF-8, splits it into
 * lower-cased words (runs of ASCII letters and digits; other characters separate), hashes each
 * word once and mixes every word 5-gram into a 32-bit hash. No comparison at all. Single thread.
 * Prints `{files, bytes, words, shingles, checksum}` (the checksum keeps the work from being
 * optimized away).
 *
 *   node bench/floor.mjs DIR...
 */
import fs from 'node:fs';
import path from 'node:path';
import { TextDecoder } from 'node:util';

const decoder = new TextDecoder('utf-8');
let files = 0;
let bytes = 0;
let words = 0;
let shingles = 0;
let checksum = 0;
const ring = new Int32Array(5);

function hashFile(text) {
  let h = 0x811c9dc5;
  let inWord = false;
  let count = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (!inWord) {
        inWord = true;
        h = 0x811c9dc5;
      }
      h = Math.imul(h ^ c, 0x01000193);
    } else if (inWord) {
      inWord = false;
      ring[count % 5] = h;
      count++;
      if (count >= 5) {
        let s = 0x9747b28c;
        for (let j = 0; j < 5; j++) s = Math.imul(s ^ ring[(count + j) % 5], 0x5bd1e995);
        checksum = (checksum + (s ^ (s >>> 15))) | 0;
        shingles++;
      }
    }
  }
  words += count;
}

function walk(dir) {
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.(txt|md)$/.test(entry.name)) {
      const buf = fs.readFileSync(full);
      files++;
      bytes += buf.length;
      hashFile(decoder.decode(buf));
    }
  }
}

for (const dir of process.argv.slice(2)) walk(path.resolve(dir));
console.log(JSON.stringify({ files, bytes, words, shingles, checksum }));
