/**
 * A report of more than 30 MB piped to another program arrives whole (`| wc -c` counts the bytes
 * written with --output), and a reader that stops early (`| head -c 100`) gets exactly the first
 * bytes without dupgraf printing a stack trace. The corpus is generated: every file shares two
 * paragraphs, so --pairs lists ~200,000 pairs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { BIN } from '../helpers/paths.js';

const FILES = 450;
const A =
  'Emergency crews worked through the night to clear fallen trees from the main coast road.';
const B =
  'The weather service said winds had gusted above 100 kilometres an hour on exposed headlands.';

function sh(command: string, cwd: string) {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', command], {
    cwd,
    encoding: 'buffer',
    env: { PATH: process.env.PATH ?? '', HOME: cwd, DUPGRAF_BIN: BIN, NODE: process.execPath },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

test('a 30 MB JSON report through | head -c 100 and | wc -c', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-big-'));
  fs.mkdirSync(path.join(dir, 'stories'));
  for (let i = 0; i < FILES; i++) {
    const unique = `Story ${i} opened with its own lede about storm number ${i} and its ${i * 7} victims.`;
    fs.writeFileSync(
      path.join(dir, 'stories', `s${String(i).padStart(4, '0')}.txt`),
      `${unique}\n\n${A}\n\n${B}\n`,
    );
  }
  const run = '"$NODE" "$DUPGRAF_BIN" scan stories --format json --pairs';

  const written = sh(`${run} --output report.json`, dir);
  expect(written.stderr).toBe('');
  expect(written.code).toBe(0);
  const file = fs.readFileSync(path.join(dir, 'report.json'));
  expect(file.length).toBeGreaterThan(30 * 1024 * 1024);
  expect(JSON.parse(file.toString('utf8')).pairs).toHaveLength(2 * ((FILES * (FILES - 1)) / 2));

  const counted = sh(`${run} | wc -c`, dir);
  expect(counted.code).toBe(0);
  expect(Number(counted.stdout.toString('utf8').trim())).toBe(file.length);

  // head exits after 100 bytes; dupgraf must neither crash with a stack trace nor hang.
  const head = sh(`${run} | head -c 100`, dir);
  expect(head.stdout.equals(file.subarray(0, 100))).toBe(true);
  expect(head.code).toBe(0); // pipefail: dupgraf's own status
  expect(head.stderr).not.toMatch(/\n\s+at |internal error|EPIPE/);
  fs.rmSync(dir, { recursive: true, force: true });
});
