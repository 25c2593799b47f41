/**
 * The process entry point: the only module that touches `process`. It sets `process.exitCode`
 * and returns, so a large report piped to another program is written in full before Node exits.
 * A reader that closes the pipe early (`| head`) is not an error: the rest is dropped quietly.
 */

import { TOOL_INFO } from '../tool-info.js';
import type { WorkerProcesses } from './cli-io.js';

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

/**
 * node:cluster as `serve --workers` uses it: a worker runs the same command line, with
 * DUPGRAF_SERVE_WORKER=1 and a channel to its primary. node:cluster is loaded only to fork, so
 * other commands start without it.
 */
const isWorker = process.env.DUPGRAF_SERVE_WORKER === '1' && typeof process.send === 'function';
/** In a worker: resolves when the primary asks it to stop (also while it is still starting). */
const shutdownAsked = new Promise<string>((resolve) => {
  if (isWorker)
    process.on('message', (message) => {
      if (message === 'shutdown') resolve('shutdown');
    });
});
const workers: WorkerProcesses = {
  isWorker,
  async fork() {
    const cluster = (await import('node:cluster')).default;
    const worker = cluster.fork({ DUPGRAF_SERVE_WORKER: '1' });
    return {
      pid: worker.process.pid,
      onMessage: (listener) => void worker.on('message', listener),
      onExit: (listener) => void worker.on('exit', listener),
      stop: () => {
        if (worker.isConnected()) worker.send('shutdown');
      },
      terminate: () => void worker.process.kill('SIGTERM'),
    };
  },
  tell(message) {
    process.send?.(message);
  },
};

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
  // A worker's channel to its primary would keep it alive.
  if (isWorker) process.disconnect();
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
        // The first signal asks for a clean stop; a second one ends the process at once. The
        // listeners stay while the stop runs: with one-shot listeners, `serve` stopped right
        // after it started was ended by the signal midway through its stop.
        let asked = false;
        const on = (signal: 'SIGTERM' | 'SIGINT') => () => {
          if (asked) process.exit(signal === 'SIGINT' ? 130 : 143);
          asked = true;
          resolve(signal);
        };
        process.on('SIGTERM', on('SIGTERM'));
        process.on('SIGINT', on('SIGINT'));
        void shutdownAsked.then(resolve);
      }),
    workers,
  });
  // A report that could not be written is a failed run, whatever it found.
  process.exitCode = stdoutFailed ? 2 : code;
}
