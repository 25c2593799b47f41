/**
 * Where a worker thread's script is: next to the calling module in `dist/`, also when the caller
 * runs from `src/` (tests run the TypeScript sources; workers always run the built JavaScript).
 */

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The built script `worker` (e.g. `prepare-worker`) beside the module at `moduleUrl`
 * (`import.meta.url` of a module in src/parallel or dist/parallel), or null when it is not built.
 */
export function workerScript(moduleUrl: string, worker: string): string | null {
  const here = fileURLToPath(moduleUrl);
  const candidates = [
    here.replace(/[^\\/]+\.[jt]s$/, `${worker}.js`),
    here.replace(/[\\/]src[\\/]parallel[\\/][^\\/]+\.ts$/, `/dist/parallel/${worker}.js`),
  ];
  return candidates.find((c) => c !== here && fs.existsSync(c)) ?? null;
}
