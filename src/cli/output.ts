/**
 * Writing the report to a file atomically: the text goes to a temporary file in the same folder,
 * which is then renamed over the target, so a reader never sees a half-written report.
 */

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Writes `text` (UTF-8) to `file` atomically; throws UsageError naming `label` (default `file`)
 * when it cannot.
 */
export async function writeFileAtomic(file: string, text: string, label = file): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await fs.promises.writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true }).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot write the report to ${label} (${code})`);
  }
}
