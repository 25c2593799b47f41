/**
 * The report view: `--sort`, `--min-copies` and `--max-groups` as a pure transform of the report
 * model, applied before any reporter runs. `summary` keeps counting the whole scan; the result
 * says what was left out in `view` (see `ReportView`).
 */

import { compareLocations, type Cluster, type Report, type ReportView } from '../engine/report.js';

/** How `clusters` are ordered. */
export type SortKey = ReportView['sort'];

/** The orders `--sort` accepts, default first. */
export const SORT_KEYS: readonly SortKey[] = ['size', 'documents', 'path'];

/** Options of {@link applyView}. */
export interface ViewOptions {
  /** Default `size`: most copies first, then most stories, then representative path and line. */
  sort?: SortKey;
  /** Keep only groups with at least this many copies; default 2 (every group). */
  minCopies?: number;
  /** Keep at most this many groups (after sorting); default no limit. */
  maxGroups?: number;
  /**
   * Fold the groups made only of re-sent stories under their re-send (out of `clusters`, into
   * `foldedClusters`); default true. `--no-fold-resends` sets it false.
   */
  foldResends?: boolean;
}

const COMPARATORS: Record<SortKey, (x: Cluster, y: Cluster) => number> = {
  size: (x, y) =>
    y.size - x.size ||
    y.documents - x.documents ||
    compareLocations(x.representative, y.representative),
  documents: (x, y) =>
    y.documents - x.documents ||
    y.size - x.size ||
    compareLocations(x.representative, y.representative),
  path: (x, y) => compareLocations(x.representative, y.representative),
};

/** Returns a new report with clusters sorted, filtered and cut, and `view` saying so. */
export function applyView(report: Report, options: ViewOptions = {}): Report {
  const sort = options.sort ?? 'size';
  const minCopies = options.minCopies ?? 2;
  const maxGroups = options.maxGroups ?? null;
  const foldResends = options.foldResends ?? true;
  const folding = new Set(foldResends ? (report.resends ?? []).flatMap((r) => r.clusters) : []);
  const folded = report.clusters.filter((c) => folding.has(c.id)).sort(COMPARATORS[sort]);
  let clusters = report.clusters
    .filter((c) => c.size >= minCopies && !folding.has(c.id))
    .sort(COMPARATORS[sort]);
  if (maxGroups !== null) clusters = clusters.slice(0, maxGroups);
  const out: Report = {
    ...report,
    clusters,
    view: {
      sort,
      minCopies,
      maxGroups,
      shownClusters: clusters.length,
      omittedClusters: report.clusters.length - clusters.length,
      ...(report.resends ? { foldResends, foldedClusters: folded.length } : {}),
    },
  };
  if (folded.length > 0) out.foldedClusters = folded;
  return out;
}
