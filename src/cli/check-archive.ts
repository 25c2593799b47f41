/**
 * The archive's answers for the stories of a `check` or `baseline` (check-gather.ts gathers
 * them): an archive index beside the documents read, or the documents read streamed past the
 * stories; and the paragraph texts of the documents read, for fingerprints.
 */

import type { ApprovalRegistry } from '../check/approvals.js';
import type { ParagraphIndex, StoryInput } from '../check/run-check.js';
import type { SourceDocument } from '../engine/detect.js';
import type { EngineOptions } from '../engine/options.js';
import { queryMany } from '../engine/query-many.js';
import { segment } from '../engine/segment.js';
import type { CliIo } from './cli-io.js';
import type { ArchiveOverlay } from './index-command.js';
import type { Progress } from './progress.js';

/** The documents read and the stories among them. */
export interface ReadDocuments {
  /** Every document read (stories and archive), by path. */
  documents: Map<string, SourceDocument>;
  storyInputs: readonly StoryInput[];
}

/** What {@link archiveAnswers} gives. */
export interface ArchiveAnswers {
  /** The archive index's part, when one is used. */
  overlay: ArchiveOverlay | null;
  /** The stories' answers. */
  index: ParagraphIndex;
  /**
   * The approvals stored with the archive index (made through `dupgraf serve`), `path` naming the
   * index; undefined without an index.
   */
  approvals?: { registry: ApprovalRegistry; path: string };
}

/**
 * The archive index a check uses: `--index`, else DUPGRAF_INDEX_URL when no `--against` names
 * the archive (then the variable is not read; see {@link ignoredIndexUrl}); undefined for none.
 */
export function checkIndexFlag(
  argv: Record<string, unknown>,
  io: Pick<CliIo, 'env'>,
  against: string[] | undefined,
): string | undefined {
  if (typeof argv.index === 'string') return argv.index;
  return against === undefined && io.env.DUPGRAF_INDEX_URL ? io.env.DUPGRAF_INDEX_URL : undefined;
}

/**
 * The note a check gives when DUPGRAF_INDEX_URL is set but not used, because `--against` names
 * the archive and no `--index` is given; undefined otherwise.
 */
export function ignoredIndexUrl(
  argv: Record<string, unknown>,
  io: Pick<CliIo, 'env'>,
  against: string[] | undefined,
): string | undefined {
  if (typeof argv.index === 'string' || against === undefined || !io.env.DUPGRAF_INDEX_URL)
    return undefined;
  return 'note: DUPGRAF_INDEX_URL is not used: --against names the archive (add --index "$DUPGRAF_INDEX_URL" to check against the index as well)';
}

/** The paragraph text of loaded documents by path and first line (for fingerprints). */
export function sourceLookup(documents: Map<string, SourceDocument>) {
  const cache = new Map<string, Map<number, string>>();
  return (p: string, line: number): string | undefined => {
    let byLine = cache.get(p);
    if (!byLine) {
      const doc = documents.get(p);
      if (!doc) return undefined;
      byLine = new Map((doc.paragraphs ?? segment(doc.text)).map((s) => [s.line, s.text]));
      cache.set(p, byLine);
    }
    return byLine.get(line);
  };
}

/**
 * The in-memory index of the check: the stories' answers against every document read (archive
 * and stories), computed at once by streaming the archive past the stories (queryMany), so the
 * archive is never indexed.
 */
function buildIndex(
  stories: readonly SourceDocument[],
  documents: Iterable<SourceDocument>,
  options: EngineOptions,
): ParagraphIndex {
  const results = queryMany(stories, documents, options);
  return {
    query(document) {
      const result = results.get(document.path);
      if (!result) throw new Error(`internal: ${document.path} is not a story under check`);
      return result;
    },
  };
}

/**
 * The archive's answers for the stories: the archive index ({@link checkIndexFlag}; its code,
 * SQLite or PostgreSQL, is loaded only when one is named) beside the documents read, with the
 * approvals stored with it, else the documents read streamed past the stories.
 */
export async function archiveAnswers(
  argv: Record<string, unknown>,
  io: CliIo,
  against: string[] | undefined,
  engine: EngineOptions,
  { documents, storyInputs }: ReadDocuments,
  progress: Progress,
): Promise<ArchiveAnswers> {
  const indexFlag = checkIndexFlag(argv, io, against);
  const overlay =
    indexFlag !== undefined
      ? await (
          await import('./index-command.js')
        ).archiveOverlay(
          indexFlag,
          io,
          engine,
          documents,
          storyInputs.map((s) => s.document),
          sourceLookup(documents),
        )
      : null;
  const index = overlay
    ? countQueries(overlay.index, storyInputs.length, progress)
    : buildIndex(
        storyInputs.map((s) => s.document),
        counted(documents.values(), documents.size, progress),
        engine,
      );
  let approvals: ArchiveAnswers['approvals'];
  if (overlay) {
    const [{ indexLocation }, { parseArchiveApprovals }] = await Promise.all([
      import('./index-command.js'),
      import('./check-config.js'),
    ]);
    const shown = indexLocation(indexFlag, io)!.shown;
    approvals = { registry: parseArchiveApprovals(overlay.approvals, shown), path: shown };
  }
  return { overlay, index, approvals };
}

/** `documents`, calling the progress bar's `comparing` phase as each is read (of `total`). */
function* counted<T>(documents: Iterable<T>, total: number, progress: Progress): Iterable<T> {
  let done = 0;
  for (const d of documents) {
    progress.onProgress('comparing', done++, total);
    yield d;
  }
  progress.onProgress('comparing', total, total);
}

/** `index`, calling the progress bar's `comparing` phase with each story queried (of `total`). */
function countQueries(index: ParagraphIndex, total: number, progress: Progress): ParagraphIndex {
  let done = 0;
  return {
    query(document) {
      progress.onProgress('comparing', done++, total);
      return index.query(document);
    },
  };
}
