/**
 * Worker thread entry of `index add`: prepares chunks of files for the archive (see
 * archive-chunk.ts) and posts each result back, its typed arrays transferred.
 */

import { parentPort, workerData } from 'node:worker_threads';
import {
  prepareArchiveChunk,
  transferList,
  type ArchiveChunkOptions,
  type ArchiveChunkRequest,
} from './archive-chunk.js';

const options = workerData as ArchiveChunkOptions;

parentPort!.on('message', (request: ArchiveChunkRequest) => {
  const result = prepareArchiveChunk(request, options);
  parentPort!.postMessage(result, transferList(result));
});
