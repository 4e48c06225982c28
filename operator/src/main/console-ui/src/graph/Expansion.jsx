// What an expanded loop or subworkflow node shows inside itself: a page of iterations (never all 10,000)
// as chips coloured by phase; a chip opens that iteration's own graph, nested. A subworkflow node opens
// its child run's graph.
import { useEffect, useState } from 'preact/hooks';
import { get, enc } from '../api.js';
import { NestedInstance } from './NestedInstance.jsx';

const PAGE = 100;

/** onSize: told the size of the subworkflow's graph once drawn; a loop's page keeps its node's fixed size. */
export function Expansion({ namespace, name, node, child, depth, onSize }) {
  if (node.kind === 'subworkflow') {
    if (!child) return <div class="expansion dim">No child run yet.</div>;
    return <div class="expansion" onClick={(e) => e.stopPropagation()}>
      <NestedInstance namespace={namespace} name={child.instance} depth={depth + 1} onSize={onSize} /></div>;
  }
  return <Iterations namespace={namespace} name={name} step={node.name} depth={depth} rollup={node.rollup} />;
}

function Iterations({ namespace, name, step, depth, rollup }) {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null);
  const version = rollup ? JSON.stringify(rollup) : '';
  useEffect(() => {
    get(`/instances/${enc(namespace)}/${enc(name)}/steps/${enc(step)}/iterations`, { offset, limit: PAGE })
      .then(setPage, (e) => setError(e.message));
  }, [namespace, name, step, offset, version]);
  const shown = page !== null;
  useEffect(() => { if (shown) requestAnimationFrame(() => performance.mark('baton-iterations-painted')); }, [shown]);
  if (error) return <div class="expansion error">{error}</div>;
  if (!page) return <div class="expansion loading">Loading iterations…</div>;
  return (
    <div class="expansion iterations" data-iterations={step} onClick={(e) => e.stopPropagation()}>
      <div class="pager">
        <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>‹</button>
        <span>{page.total === 0 ? 'no iterations' : `${offset}–${Math.min(page.total, offset + PAGE) - 1} of ${page.total}`}</span>
        <button disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)} data-next-iterations={step}>›</button>
      </div>
      <div class="chips">
        {page.items.map((it) => (
          <button key={it.index} class={`chip phase-${it.phase}`} data-iteration={it.index} data-phase={it.phase} disabled={!it.instance}
            title={`${step}[${it.index}] ${it.phase}${it.loopParams ? ' ' + JSON.stringify(it.loopParams) : ''}`}
            onClick={() => setOpen(open === it.instance ? null : it.instance)}>{it.index}</button>
        ))}
      </div>
      {open && <NestedInstance namespace={namespace} name={open} depth={depth + 1} />}
    </div>
  );
}
