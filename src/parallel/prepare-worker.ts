/**
 * Worker thread entry: reads, decodes and prepares (segment, tokenize, shingle, fingerprint)
 * chunks of files and posts back one compact batch per chunk, its typed arrays transferred.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { prepareFileChunk, type ChunkOptions, type ChunkRequest } from './prepare-chunk.js';

const options = workerData as ChunkOptions;

parentPort!.on('message', (request: ChunkRequest) => {
  const result = prepareFileChunk(request, options);
  parentPort!.postMessage(result, [
    ...batchBuffers(result.batch),
    result.textBase.buffer as ArrayBuffer,
  ]);
});

function batchBuffers(b: ReturnType<typeof prepareFileChunk>['batch']): ArrayBuffer[] {
  return [
    b.paragraphOffsets,
    b.line,
    b.endLine,
    b.start,
    b.end,
    b.words,
    b.traits,
    b.fpHigh,
    b.fpLow,
    b.shingleOffsets,
    b.shingles,
  ].map((a) => a.buffer as ArrayBuffer);
}
