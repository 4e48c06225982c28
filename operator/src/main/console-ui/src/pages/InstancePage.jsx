// One instance: its summary and actions, the live graph, the selected step's panel and the timeline.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, enc } from '../api.js';
import { useLive } from '../live.js';
import { Phase, show } from '../format.jsx';
import { Graph } from '../graph/Graph.jsx';
import { StepPanel } from '../panels/StepPanel.jsx';
import { Gantt } from '../charts/Gantt.jsx';
import { RunActions } from '../panels/RunActions.jsx';

export function InstancePage({ namespace, name, me }) {
  const [detail, setDetail] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(null);
  const root = useRef(null);
  const load = () => get(`/instances/${enc(namespace)}/${enc(name)}`)
    .then((d) => { root.current = d.root; setDetail(d); setError(null); }, (e) => setError(e.message));
  // This run or a member of its tree (iterations, subworkflow runs) changed; the root of an iteration's page is its tree's.
  useLive(load, (c) => c.kind === 'instance' && c.namespace === namespace
    && (c.name === name || c.root === name || (root.current && (c.root === root.current || c.name === root.current))), 300, [namespace, name]);
  // For make bench (ConsolePaintBench): when the first graph is on screen (the frame after it was rendered).
  const painted = detail !== null;
  useEffect(() => { if (painted) requestAnimationFrame(() => performance.mark('baton-instance-painted')); }, [painted]);
  if (error && !detail) return <p class="error" role="alert">{error}</p>;
  if (!detail) return <p class="loading">Loading…</p>;
  const s = detail.summary;
  const step = selected && detail.steps.find((st) => st.name === selected);
  return (
    <section class="instance" data-phase={s.phase}>
      <h1>{s.name} <Phase phase={s.phase} /> {s.suspended && <span class="tag" id="suspended-tag">suspended</span>}</h1>
      <p class="dim">
        <a href={`#/workflows/${enc(namespace)}/${enc(s.workflow)}`}>{s.workflow}</a> in {namespace}
        {s.parent && <> · part of <a href={`#/instances/${enc(namespace)}/${enc(s.parent)}`}>{s.parent}</a></>}
        {s.progress && <> · {s.progress} steps</>}{s.duration && <> · {s.duration}</>}{s.run > 1 && <> · run {s.run}</>}
      </p>
      {detail.message && <p class="message">{detail.message}</p>}
      {error && <p class="error">{error}</p>}
      <RunActions namespace={namespace} detail={detail} me={me} onDone={load} />
      <div class="split">
        <div class="canvas" onClick={() => setSelected(null)}>
          {detail.graph
            ? <Graph namespace={namespace} name={name} graph={detail.graph} children={detail.children} selected={selected} onSelect={setSelected} />
            : <p class="dim">{detail.graphMissing}</p>}
        </div>
        {step && <StepPanel key={step.name} namespace={namespace} name={name} step={step} me={me} onClose={() => setSelected(null)} />}
      </div>
      <h2>Timeline</h2>
      <Gantt steps={detail.steps} onSelect={setSelected} />
      {detail.params && Object.keys(detail.params).length > 0 && (
        <>
          <h2>Params</h2>
          <table class="kv">{Object.entries(detail.params).map(([k, v]) => <tr key={k}><th>{k}</th><td class="mono">{show(v)}</td></tr>)}</table>
        </>
      )}
    </section>
  );
}
