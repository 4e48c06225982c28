// Actions on the whole run (the same writes as kubectl baton): each asks for confirmation, then shows the
// server's answer or refusal; the run's new state arrives through the change stream.
import { useState } from 'preact/hooks';
import { act } from '../api.js';

const ENDED = new Set(['Succeeded', 'Failed', 'Stopped', 'TimedOut']);

export function RunActions({ namespace, detail, me, onDone }) {
  const [result, setResult] = useState(null);
  const [policy, setPolicy] = useState('FromIncomplete');
  const [from, setFrom] = useState('');
  const s = detail.summary;
  const ended = ENDED.has(s.phase);
  const run = async (label, body) => {
    if (!confirm(`${label} ${s.name}?`)) return;
    try {
      const r = await act(namespace, s.name, body);
      setResult({ ok: true, text: r.message });
      onDone && onDone(); // at once; later changes arrive through the change stream
    } catch (e) {
      setResult({ ok: false, text: e.message });
    }
  };
  const off = !me.actions ? 'This console is read-only (console.mode: readOnly)' : undefined;
  return (
    <div class="actions">
      {!s.suspended
        ? <button id="action-suspend" disabled={ended || !!off} title={off} onClick={() => run('Suspend', { action: 'suspend' })}>Suspend</button>
        : <button id="action-resume" disabled={!!off} title={off} onClick={() => run('Resume', { action: 'resume' })}>Resume</button>}
      <button id="action-stop" disabled={ended || !!off} title={off} onClick={() => run('Stop', { action: 'stop' })}>Stop</button>
      <button id="action-kill" disabled={ended || !!off} title={off} onClick={() => run('Kill', { action: 'kill' })}>Kill</button>
      <span class="restart">
        <select value={policy} onChange={(e) => setPolicy(e.target.value)} disabled={!ended || !!off}>
          <option value="FromIncomplete">from incomplete</option>
          <option value="FromBeginning">from the beginning</option>
          <option value="FromStep">from step…</option>
        </select>
        {policy === 'FromStep' && (
          <select value={from} onChange={(e) => setFrom(e.target.value)}>
            <option value="">step</option>
            {detail.steps.map((st) => <option value={st.name}>{st.name}</option>)}
          </select>
        )}
        <button id="action-restart" disabled={!ended || !!off} title={off}
          onClick={() => run('Restart', { action: 'restart', policy, step: policy === 'FromStep' ? from : null })}>Restart</button>
      </span>
      {off && <span class="dim"> read-only</span>}
      {result && <p id="action-result" role="alert" class={result.ok ? 'ok' : 'error'}>{result.text}</p>}
    </div>
  );
}
