// A child run (iteration or subworkflow) drawn inside its parent's node, kept live by the change stream.
import { useState } from 'preact/hooks';
import { get, enc } from '../api.js';
import { useLive } from '../live.js';
import { Graph } from './Graph.jsx';

export function NestedInstance({ namespace, name, depth }) {
  const [detail, setDetail] = useState(null);
  const [error, setError] = useState(null);
  useLive(() => get(`/instances/${enc(namespace)}/${enc(name)}`).then(setDetail, (e) => setError(e.message)),
    (c) => c.namespace === namespace && c.name === name, 300, [namespace, name]);
  if (error) return <p class="error">{error}</p>;
  if (!detail) return <p class="loading">Loading {name}…</p>;
  return (
    <div class="nested">
      <a href={`#/instances/${enc(namespace)}/${enc(name)}`} class="dim">{name} ({detail.summary.phase}) ↗</a>
      {detail.graph ? <Graph namespace={namespace} name={name} graph={detail.graph} children={detail.children} depth={depth} />
        : <p class="dim">{detail.graphMissing}</p>}
    </div>
  );
}
