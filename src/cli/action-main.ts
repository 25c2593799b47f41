/**
 * The GitHub Action's entry point (bundled into action/dist/main.mjs, which action.yml's
 * `runs.main` names): runs the action with this process's environment and sets the exit code.
 */

import { runAction } from './github-action.js';

try {
  process.exitCode = await runAction({
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
  });
} catch (error) {
  process.stderr.write(`dupgraf: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  process.stdout.write('::error title=dupgraf action::internal error: see the log.\n');
  process.exitCode = 2;
}
