// Lays out a step graph with dagre: node sizes in, positions and edge routes out. An expanded loop or
// subworkflow node is laid out at its panel's size, so the graph makes room for it in place: a subworkflow's
// at the size of the child graph it shows once that is known, a loop's (a page of iterations) at a fixed one.
import dagre from '@dagrejs/dagre';

export const NODE = { width: 168, height: 52 };
/** Loop and subworkflow steps: they expand in place, and show their rollup on a third line and a button in the title. */
export const EXPANDABLE = new Set(['foreach', 'while', 'subworkflow']);
const ROLLED_UP = { width: 184, height: 66 };
export const EXPANDED = { width: 600, height: 380 };
/** Past this, an expanded node scrolls instead of growing with its content. */
const LARGEST = { width: 1100, height: 760 };
/** What an expanded node shows around a nested run: its title, phase and rollup lines, borders, padding. */
const CHROME = { width: 28, height: 92 };

/** The size of an expanded node whose nested run measured {width, height}: room for it, within bounds. */
function fitted(content) {
  const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
  return {
    width: clamp(content.width + CHROME.width, NODE.width, LARGEST.width),
    height: clamp(content.height + CHROME.height, NODE.height, LARGEST.height),
  };
}

/** sizes: the measured size of each expanded node's nested run, by step name (none yet: EXPANDED). */
export function layout(nodes, edges, expanded, sizes = {}) {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 56, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    const open = expanded.has(n.name);
    const closed = EXPANDABLE.has(n.kind) ? ROLLED_UP : NODE;
    g.setNode(n.name, !open ? { ...closed } : sizes[n.name] ? fitted(sizes[n.name]) : { ...EXPANDED });
  }
  for (const e of edges) {
    const label = e.when ? { width: Math.min(220, 7 * e.when.length + 10), height: 16, labelpos: 'c' } : {};
    g.setEdge(e.from, e.to, label);
  }
  dagre.layout(g);
  const placed = {};
  for (const n of nodes) {
    const p = g.node(n.name);
    placed[n.name] = { x: p.x - p.width / 2, y: p.y - p.height / 2, width: p.width, height: p.height };
  }
  const routes = edges.map((e) => {
    const r = g.edge(e.from, e.to);
    return { ...e, points: r ? r.points : [], labelX: r ? r.x : 0, labelY: r ? r.y : 0 };
  });
  const size = g.graph();
  return { placed, routes, width: size.width || 0, height: size.height || 0 };
}
