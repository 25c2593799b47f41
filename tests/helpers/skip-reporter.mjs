/**
 * A jest reporter: one line per test file and reason for the tests skipped because something they
 * need is absent (see tests/helpers/requirements.ts), after jest's own summary, e.g.
 *
 *   skipped: ../shared/corpora not found (tests/engine/exactness.test.ts, 2 tests)
 *
 * Jest's default reporter only counts skipped tests; these lines say what to install or fetch.
 */
import path from 'node:path';

const MARK = / \(skipped: (.+)\)$/;

export default class SkipReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    /** reason → file → number of tests */
    this.skipped = new Map();
  }

  onTestResult(_test, result) {
    const file = path.relative(this.rootDir, result.testFilePath).split(path.sep).join('/');
    for (const assertion of result.testResults) {
      if (assertion.status !== 'pending') continue;
      const match = MARK.exec(assertion.title);
      if (!match) continue;
      const byFile = this.skipped.get(match[1]) ?? new Map();
      byFile.set(file, (byFile.get(file) ?? 0) + 1);
      this.skipped.set(match[1], byFile);
    }
  }

  onRunComplete() {
    const lines = [];
    for (const [why, byFile] of [...this.skipped].sort(([a], [b]) => (a < b ? -1 : 1)))
      for (const [file, n] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1)))
        lines.push(`skipped: ${why} (${file}, ${n} test${n === 1 ? '' : 's'})\n`);
    if (lines.length > 0) process.stderr.write(lines.join(''));
  }
}
