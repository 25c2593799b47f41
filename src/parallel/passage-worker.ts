/**
 * Worker thread entry: computes the shared passages of partial reuse, or the texts and changed
 * facts of groups (see passage-thread.ts), reading each needed file once, in order, and posts
 * them back; a failure is posted as an answer.
 */

import { workerData } from 'node:worker_threads';
import type { SourceDocument } from '../engine/detect.js';
import { groupTextsOf } from '../engine/group-texts.js';
import { passagesOfPairs } from '../engine/passage.js';
import { paragraphTextOf, rereadDocuments, rereadText } from '../sources/read.js';
import type { PassageAnswer, PassageWorkerData } from './passage-thread.js';

const { job, done, finished, port } = workerData as PassageWorkerData;
let answer: PassageAnswer;
try {
  // Files come in order, a file's documents (JSON records) one after another: one read each.
  // A document whose paragraphs are slices of its file's text (`base` ≥ 0) needs the file
  // decoded only.
  let openPath = '';
  let documents: SourceDocument[] | undefined;
  let fileText: string | undefined;
  const text = (q: number): string => {
    const { absolute, display, document: k, base } = job.files[job.file[q]];
    if (absolute !== openPath || (base >= 0 ? fileText : documents) === undefined) {
      if (base >= 0) {
        fileText = rereadText(absolute, job.read);
        documents = undefined;
      } else {
        documents = rereadDocuments(absolute, display, job.read);
        fileText = undefined;
      }
      openPath = absolute;
    }
    if (base >= 0) return fileText!.slice(base + job.start[q], base + job.end[q]);
    const document = documents![k] ?? { path: display, text: '' };
    return paragraphTextOf(document, job.index[q], job.start[q], job.end[q]);
  };
  answer = {
    ok: true,
    result:
      job.kind === 'passages'
        ? passagesOfPairs(job.a, job.b, job.file.length, text)
        : groupTextsOf(job.file.length, job.rep, job.copy, text),
  };
} catch (error) {
  answer = { ok: false, message: String(error) };
}
port.postMessage(answer);
finished[0] = performance.timeOrigin + performance.now();
Atomics.store(done, 0, 1);
Atomics.notify(done, 0);
