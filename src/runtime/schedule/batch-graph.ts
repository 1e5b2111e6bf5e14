/**
 * A batch of schedulable nodes as a graph: successors in compressed rows, unfinished-predecessor
 * counts, critical-path ranks, and whether two nodes' order can matter.
 * @module
 */
/** What the scheduler needs of a node. */
export interface SchedulableNode {
  /** Program order. */
  readonly id: number;
  /** Nodes it must follow. */
  readonly deps: readonly SchedulableNode[];
  /** Its estimated run time (for `critical-path`). */
  readonly weight: number;
  /**
   * Whether running it before or after `other` can make a difference (they touch common data, one
   * writing). `exhaustive` with reduction swaps only such nodes; without it, every pair is assumed to.
   */
  conflictsWith?(other: SchedulableNode): boolean;
}

/** Whether two nodes' order can matter (without information, assume so). */
export function conflicts(a: SchedulableNode, b: SchedulableNode): boolean {
  return a.conflictsWith ? a.conflictsWith(b) : true;
}

/** A batch's graph: successors in compressed rows and each node's count of unfinished predecessors. */
export function batchGraph(nodes: readonly SchedulableNode[]): BatchGraph & { waiting: Int32Array } {
  const n = nodes.length;
  const index = positions(nodes);
  // successors in compressed rows: node k's are succ[start[k] .. start[k + 1])
  const waiting = new Int32Array(n);
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (const d of nodes[i]!.deps) {
      const k = index(d);
      if (k >= 0) {
        waiting[i]!++;
        start[k + 1]!++;
      }
    }
  }
  for (let k = 0; k < n; k++) start[k + 1]! += start[k]!;
  const succ = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (const d of nodes[i]!.deps) {
      const k = index(d);
      if (k >= 0) succ[fill[k]!++] = i;
    }
  }
  return { nodes, start, succ, rank: null, waiting };
}

/** A node's position in the batch, or -1 (by arithmetic when the ids are consecutive, as batches' are). */
function positions(nodes: readonly SchedulableNode[]): (node: SchedulableNode) => number {
  const base = nodes[0]!.id;
  if (nodes.every((node, i) => node.id === base + i)) {
    return (node) => {
      const k = node.id - base;
      return k >= 0 && k < nodes.length && nodes[k] === node ? k : -1;
    };
  }
  const map = new Map<SchedulableNode, number>();
  nodes.forEach((node, i) => map.set(node, i));
  return (node) => map.get(node) ?? -1;
}

/** A batch's dependency graph in compressed rows, and its critical-path ranks once computed. */
export interface BatchGraph {
  /** The batch's nodes, in program order. */
  readonly nodes: readonly SchedulableNode[];
  /** Node k's successors are `succ[start[k] .. start[k + 1])`. */
  readonly start: Int32Array;
  /** The successors of every node, in compressed rows. */
  readonly succ: Int32Array;
  /** Each node's critical-path rank, once computed (`critical-path` computes it on its first real choice). */
  rank: Float64Array | null;
}

/** Each node's weight plus the heaviest path of successors after it (nodes are in program order). */
export function criticalPathRanks({ nodes, start, succ }: BatchGraph): Float64Array {
  const rank = new Float64Array(nodes.length);
  for (let i = nodes.length - 1; i >= 0; i--) {
    let tail = 0;
    for (let e = start[i]!; e < start[i + 1]!; e++) tail = Math.max(tail, rank[succ[e]!]!);
    rank[i] = nodes[i]!.weight + tail;
  }
  return rank;
}

export function insertSorted(list: number[], value: number): void {
  let k = list.length;
  while (k > 0 && list[k - 1]! > value) k--;
  list.splice(k, 0, value);
}
