/**
 * Grouping near-duplicate paragraphs without chaining.
 *
 * Union-find over similarity edges chains: A~B and B~C put A and C together even when A and C
 * share little. dupgraf uses greedy star (centre) clustering instead:
 * 1. each node (a distinct normalized paragraph, with its number of exact copies) gets a score,
 *    (copies − 1) + Σ copies(v)·J(u,v) over its duplicate edges;
 * 2. nodes are taken by descending score (ties: lower node id, i.e. earlier path/line); a node not
 *    yet grouped becomes a centre and takes every ungrouped neighbour;
 * 3. the representative is the member with the highest score within the group among the members
 *    that are duplicates of every other member (the centre always is), ties to the lower id.
 * So every member is ≥ threshold from its representative, and (Jaccard distance being a metric)
 * any two members have J ≥ 2·threshold − 1. A paragraph whose every duplicate was already taken by
 * a group whose representative it does not match stays ungrouped (it still counts in the story
 * figures and in `pairs`).
 */

/** The input graph: nodes 0..count-1 with exact-copy counts, and duplicate edges. */
export interface DuplicateGraph {
  /** Number of nodes. Node ids are 0-based; a lower id means an earlier first occurrence. */
  count: number;
  /** Exact copies of each node (≥ 1). */
  multiplicity: ArrayLike<number>;
  /** Edge endpoints (a < b) and their Jaccard similarity, parallel arrays. */
  edgeA: ArrayLike<number>;
  edgeB: ArrayLike<number>;
  edgeSimilarity: ArrayLike<number>;
}

/** One group of duplicate nodes. */
export interface NodeGroup {
  /** The representative node. */
  representative: number;
  /** Member nodes, ascending (the representative included). */
  members: number[];
  /** Jaccard of each member (same order as `members`) to the representative; 1 for itself. */
  similarity: number[];
}

/** Clusters the duplicate graph into star groups (see the module comment). Deterministic. */
export function clusterDuplicates(g: DuplicateGraph): NodeGroup[] {
  const adjacency = adjacencyOf(g);
  const groups = starGroups(adjacency, g.multiplicity);
  for (const group of groups) centre(group, adjacency, g.multiplicity);
  return groups;
}

/** The duplicate graph's adjacency in CSR form: node u's neighbours are `nbr[start[u]..start[u+1])`. */
interface Adjacency {
  /** Nodes. */
  n: number;
  /** Start of each node's neighbours in `nbr` and `sim` (length n+1). */
  start: Uint32Array;
  /** Neighbours. */
  nbr: Uint32Array;
  /** Jaccard of each edge, beside its neighbour. */
  sim: Float64Array;
}

/** The graph's edges as adjacency lists (each edge in both directions). */
function adjacencyOf(g: DuplicateGraph): Adjacency {
  const n = g.count;
  const edges = g.edgeA.length;
  const degree = new Uint32Array(n + 1);
  for (let e = 0; e < edges; e++) {
    degree[g.edgeA[e] + 1]++;
    degree[g.edgeB[e] + 1]++;
  }
  for (let i = 0; i < n; i++) degree[i + 1] += degree[i];
  const fill = degree.slice(0, n);
  const nbr = new Uint32Array(2 * edges);
  const sim = new Float64Array(2 * edges);
  for (let e = 0; e < edges; e++) {
    const a = g.edgeA[e];
    const b = g.edgeB[e];
    nbr[fill[a]] = b;
    sim[fill[a]++] = g.edgeSimilarity[e];
    nbr[fill[b]] = a;
    sim[fill[b]++] = g.edgeSimilarity[e];
  }
  return { n, start: degree, nbr, sim };
}

/**
 * Star groups, greedily: nodes by score (copies they stand for, weighted by similarity), highest
 * first, each taking its neighbours not yet in a group. Members sorted; similarities unset.
 */
function starGroups({ n, start: degree, nbr, sim }: Adjacency, m: ArrayLike<number>): NodeGroup[] {
  const score = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    let s = m[u] - 1;
    for (let k = degree[u]; k < degree[u + 1]; k++) s += m[nbr[k]] * sim[k];
    score[u] = s;
  }
  const candidates: number[] = [];
  for (let u = 0; u < n; u++) if (m[u] > 1 || degree[u + 1] > degree[u]) candidates.push(u);
  candidates.sort((x, y) => score[y] - score[x] || x - y);

  const groupOf = new Int32Array(n).fill(-1);
  const groups: NodeGroup[] = [];
  for (const u of candidates) {
    if (groupOf[u] >= 0) continue;
    const members = [u];
    for (let k = degree[u]; k < degree[u + 1]; k++) {
      const v = nbr[k];
      if (groupOf[v] < 0) members.push(v);
    }
    if (members.length === 1 && m[u] === 1) continue;
    for (const v of members) groupOf[v] = groups.length;
    members.sort((x, y) => x - y);
    groups.push({ representative: u, members, similarity: [] });
  }
  return groups;
}

/**
 * Makes a group's representative the member adjacent to all others with the highest score
 * (ties: the lowest node; none: the star's centre stays), and sets each member's similarity to it.
 */
function centre(group: NodeGroup, { start: degree, nbr, sim }: Adjacency, m: ArrayLike<number>) {
  const neighbourSimilarities = (u: number): Map<number, number> => {
    const out = new Map<number, number>([[u, 1]]);
    for (let k = degree[u]; k < degree[u + 1]; k++) out.set(nbr[k], sim[k]);
    return out;
  };
  const { members } = group;
  let best = group.representative;
  let bestScore = -Infinity;
  let bestSimilarities = neighbourSimilarities(best);
  for (const u of members) {
    const similarities = neighbourSimilarities(u);
    let s = m[u] - 1;
    let adjacentToAll = true;
    for (const v of members) {
      if (v === u) continue;
      const j = similarities.get(v);
      if (j === undefined) {
        adjacentToAll = false;
        break;
      }
      s += m[v] * j;
    }
    if (adjacentToAll && (s > bestScore || (s === bestScore && u < best))) {
      best = u;
      bestScore = s;
      bestSimilarities = similarities;
    }
  }
  group.representative = best;
  group.similarity = members.map((v) => bestSimilarities.get(v) ?? -1);
}
