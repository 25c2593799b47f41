/**
 * The process entry point: the only module that touches `process`. It sets `process.exitCode`
 * and returns, so a large report piped to another program is written in full before Node exits.
 * A reader that closes the pipe early (`| head`) is not an error: the rest is dropped quietly.
 */

import { TOOL_INFO } from '../tool-info.js';

/** Whether writing to stdout failed (a full disk, a closed device): the run then exits 2. */
let stdoutFailed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return; // the reader has gone; nothing more to write
  // Said once: the writes after the first failure fail too.
  if (!stdoutFailed)
    process.stderr.write(`dupgraf: cannot write to stdout (${error.code ?? error.message})\n`);
  stdoutFailed = true;
  process.exitCode = 2;
});

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const args = process.argv.slice(2);
void main();

async function main(): Promise<void> {
  try {
    // `dupgraf --version` alone needs nothing else: answered before the CLI is loaded.
    if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
      process.stdout.write(`${TOOL_INFO.version}\n`);
    } else await runCli();
  } catch (error) {
    process.stderr.write(`dupgraf: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 2;
  }
}

async function runCli(): Promise<void> {
  const { run } = await import('./run.js');
  const code = await run(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns || 100,
    readStdin,
    untilStopped: () =>
      new Promise<string>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      }),
  });
  // A report that could not be written is a failed run, whatever it found.
  process.exitCode = stdoutFailed ? 2 : code;
}
