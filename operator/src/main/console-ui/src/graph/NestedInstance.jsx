// A child run (iteration or subworkflow) drawn inside its parent's node, kept live by the change stream.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, enc } from '../api.js';
import { useLive } from '../live.js';
import { Graph } from './Graph.jsx';

/** onSize: told this block's size (its link and graph) whenever it changes, so its node is sized to it. */
export function NestedInstance({ namespace, name, depth, onSize }) {
  const [detail, setDetail] = useState(null);
  const [error, setError] = useState(null);
  const box = useRef(null);
  const drawn = detail !== null;
  // Observed, not computed: the graph inside grows when one of its own nodes expands, which renders it alone.
  useEffect(() => {
    const el = box.current;
    if (!onSize || !el) return undefined;
    const seen = new ResizeObserver(() => onSize({ width: el.offsetWidth, height: el.offsetHeight }));
    seen.observe(el);
    return () => seen.disconnect();
  }, [drawn]);
  useLive(() => get(`/instances/${enc(namespace)}/${enc(name)}`).then(setDetail, (e) => setError(e.message)),
    (c) => c.namespace === namespace && c.name === name, 300, [namespace, name]);
  if (error) return <p class="error">{error}</p>;
  if (!detail) return <p class="loading">Loading {name}…</p>;
  return (
    <div class="nested" ref={box}>
      <a href={`#/instances/${enc(namespace)}/${enc(name)}`} class="dim">{name} ({detail.summary.phase}) ↗</a>
      {detail.graph ? <Graph namespace={namespace} name={name} graph={detail.graph} children={detail.children} depth={depth} />
        : <p class="dim">{detail.graphMissing}</p>}
    </div>
  );
}
