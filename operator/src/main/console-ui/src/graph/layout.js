// Lays out a step graph with dagre: node sizes in, positions and edge routes out. An expanded loop or
// subworkflow node is laid out at its panel's size, so the graph makes room for it in place.
import dagre from '@dagrejs/dagre';

export const NODE = { width: 168, height: 52 };
export const EXPANDED = { width: 600, height: 380 };

export function layout(nodes, edges, expanded) {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 56, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.name, expanded.has(n.name) ? { ...EXPANDED } : { ...NODE });
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
