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
  let clusters = report.clusters.filter((c) => c.size >= minCopies).sort(COMPARATORS[sort]);
  if (maxGroups !== null) clusters = clusters.slice(0, maxGroups);
  return {
    ...report,
    clusters,
    view: {
      sort,
      minCopies,
      maxGroups,
      shownClusters: clusters.length,
      omittedClusters: report.clusters.length - clusters.length,
    },
  };
}
