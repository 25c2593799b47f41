/**
 * The process entry point: the only module that touches `process`. It sets `process.exitCode`
 * and returns, so a large report piped to another program is written in full before Node exits.
 */

import { run } from './run.js';

try {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  });
} catch (error) {
  process.stderr.write(`dupgraf: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 2;
}
