/**
 * A group's origin in words, as every report says it: "first published in X on DATE; N later
 * copies" (who copied whom, in time).
 */

import { documentName, sameLocation, type Cluster } from '../engine/report.js';

/** The day of an ISO 8601 date or date-time (`2026-03-03`), as reports show it. */
export function shownDate(date: string): string {
  return date.length > 10 ? date.replace('T', ' ').replace(/:\d\dZ$/, ' UTC') : date;
}

/**
 * One sentence (no final full stop) about where a group was first published: `first published
 * in a.txt:3 on 2026-03-03; 2 later copies` (`other copies` when some copy is undated). When no
 * copy is dated: `first in a.txt:3 (undated: first in path order); 2 other copies`. `name` shows
 * a place (default `path#record:line`).
 */
export function originSentence(
  cluster: Pick<Cluster, 'origin' | 'occurrences'>,
  name: (place: { path: string; line: number; record?: string }) => string = (l) =>
    `${documentName(l)}:${l.line}`,
): string {
  const o = cluster.origin;
  const others = cluster.occurrences.length - 1;
  const copies = (kind: string) => `${others} ${kind} ${others === 1 ? 'copy' : 'copies'}`;
  if (o.date === undefined)
    return `first in ${name(o)} (undated: first in path order); ${copies('other')}`;
  // "later" only when every other copy is dated (an undated one cannot be placed in time).
  const allDated = cluster.occurrences.every((x) => x.date !== undefined || sameLocation(x, o));
  return `first published in ${name(o)} on ${shownDate(o.date)}; ${copies(allDated ? 'later' : 'other')}`;
}
