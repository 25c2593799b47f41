/**
 * Jest global setup: every test's temporary files go under one folder made for this run
 * (`$TMPDIR/dupgraf-tests-XXXXXX`, handed to the test workers and the CLIs they start through
 * `TMPDIR`), which {@link ./global-teardown.ts} removes at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function globalSetup(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-tests-'));
  process.env.DUPGRAF_TEST_TMPDIR = root;
  process.env.TMPDIR = root;
}
