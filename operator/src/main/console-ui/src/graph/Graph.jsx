// The live graph of one instance: steps as boxes coloured by phase, edges with their `when` conditions
// (satisfied, unsatisfied, pending), skipped branches greyed and dashed. Loop and subworkflow steps show
// their rollup counts and expand in place into their iterations (paged) or the child's graph.
import { useMemo, useState } from 'preact/hooks';
import { EXPANDABLE, layout } from './layout.js';
import { Expansion } from './Expansion.jsx';

function path(points) {
  if (!points.length) return '';
  return 'M' + points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' L');
}

function Rollup({ node }) {
  const r = node.rollup;
  if (!r) return null;
  if (r.total !== null && r.total !== undefined) {
    return (
      <div class="rollup" title="iterations: succeeded, failed, running, of total">
        <span class="ok">✓{r.succeeded || 0}</span> <span class="bad">✗{(r.failed || 0) + (r.stopped || 0)}</span>{' '}
        <span class="run">▶{r.running || 0}</span> <span class="dim">/ {r.total}</span>
        {r.window && r.window.length > 0 && <span class="dim" title="created, unfinished iterations"> · window {r.window.length}</span>}
      </div>
    );
  }
  if (r.iteration !== null && r.iteration !== undefined) return <div class="rollup">iteration {r.iteration}</div>;
  const leaves = r.leaves ? Object.entries(r.leaves).map(([k, v]) => `${k} ${v}`).join(' · ') : '';
  return <div class="rollup">{leaves}</div>;
}

/** A condition's state before its text: satisfied, not satisfied, not evaluated yet, failed to evaluate. */
const MARK = { satisfied: '✓ ', unsatisfied: '✗ ', pending: '', unknown: '⚠ ' };

export function Graph({ namespace, name, graph, children, selected, onSelect, depth = 0 }) {
  const [expanded, setExpanded] = useState(() => new Set());
  // The sizes of the runs shown nested, by the step that shows them expanded (a subworkflow's child run).
  const [sizes, setSizes] = useState({});
  // The layout depends on the names, edges, expanded nodes and their contents' sizes only: a new phase or
  // count keeps it (a 200-step graph is laid out once, not on every change the stream brings).
  const shape = graph.nodes.map((n) => n.name).join('\n') + '\n\n' + graph.edges.map((e) => `${e.from}>${e.to}>${e.when || ''}`).join('\n');
  const laid = useMemo(() => layout(graph.nodes, graph.edges, expanded, sizes), [shape, expanded, sizes]);
  const measured = (step) => (size) => setSizes((old) => old[step] && old[step].width === size.width
    && old[step].height === size.height ? old : { ...old, [step]: size });
  const toggle = (step) => {
    const next = new Set(expanded);
    next.has(step) ? next.delete(step) : next.add(step);
    setExpanded(next);
  };
  return (
    <div class="graph" data-depth={depth} data-instance={name} style={{ width: laid.width + 'px', height: laid.height + 'px' }}>
      <svg class="edges" width={laid.width} height={laid.height}>
        <defs>
          <marker id={'arrow' + depth} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
          </marker>
        </defs>
        {graph.edges.map((e) => {
          // Where the edge runs comes from the (kept) layout; its state from this answer.
          const r = laid.routes.find((x) => x.from === e.from && x.to === e.to) || { points: [] };
          return (
            <g class={'edge edge-' + e.state} data-from={e.from} data-to={e.to} key={e.from + '>' + e.to}>
              <path d={path(r.points)} marker-end={`url(#arrow${depth})`}><title>{e.detail || e.state}</title></path>
              {e.when && <text x={r.labelX} y={r.labelY} text-anchor="middle" class="when">{MARK[e.state] + e.when}</text>}
            </g>
          );
        })}
      </svg>
      {graph.nodes.map((n) => {
        const p = laid.placed[n.name];
        const open = expanded.has(n.name);
        return (
          <div key={n.name} class={`node phase-${n.phase} kind-${n.kind}${selected === n.name ? ' selected' : ''}${open ? ' open' : ''}`}
            data-step={n.name} data-phase={n.phase}
            style={{ left: p.x + 'px', top: p.y + 'px', width: p.width + 'px', height: p.height + 'px' }}
            onClick={(e) => { e.stopPropagation(); onSelect && onSelect(n.name); }}>
            <div class="title">
              <span class="name">{n.name}</span>
              <span class="kind">{n.kind}{n.breakpoint ? ' ⏸' : ''}</span>
              {EXPANDABLE.has(n.kind) && (
                <button class="expand" data-expand={n.name} title={open ? 'collapse' : 'expand in place'}
                  onClick={(e) => { e.stopPropagation(); toggle(n.name); }}>{open ? '−' : '+'}</button>
              )}
            </div>
            <div class="sub"><span class="phase-text">{n.phase}</span></div>
            <Rollup node={n} />
            {open && <Expansion namespace={namespace} name={name} node={n} child={(children || []).find((c) => c.step === n.name)} depth={depth}
              onSize={measured(n.name)} />}
          </div>
        );
      })}
    </div>
  );
}
