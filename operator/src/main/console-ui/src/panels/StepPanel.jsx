// The selected step: params, outputs, attempts (exit code, reason, times, pod), the Events of its Job and pod,
// its log (with follow), and the step actions.
import { useEffect, useRef, useState } from 'preact/hooks';
import { get, enc, stream, act } from '../api.js';
import { Phase, show } from '../format.jsx';

function Values({ title, values }) {
  if (!values || Object.keys(values).length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table class="kv">{Object.entries(values).map(([k, v]) => <tr key={k}><th>{k}</th><td class="mono">{show(v)}</td></tr>)}</table>
    </>
  );
}

function Logs({ namespace, name, step, attempt }) {
  const [text, setText] = useState('');
  const [follow, setFollow] = useState(false);
  const [state, setState] = useState('loading');
  const box = useRef(null);
  useEffect(() => {
    setText('');
    setState('loading');
    const q = new URLSearchParams({ attempt: String(attempt), follow: String(follow) });
    return stream(`/instances/${enc(namespace)}/${enc(name)}/steps/${enc(step)}/logs?${q}`,
      (t) => { setText((old) => (old + t).slice(-500_000)); setState('streaming'); },
      (err) => setState(err ? 'error: ' + err.message : 'ended'));
  }, [namespace, name, step, attempt, follow]);
  useEffect(() => { if (box.current) box.current.scrollTop = box.current.scrollHeight; }, [text]);
  return (
    <>
      <h3>Log <label class="dim"><input type="checkbox" id="log-follow" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow</label>
        <span class="dim"> {state === 'streaming' && follow ? 'following…' : state.startsWith('error') ? state : ''}</span></h3>
      <pre class="log" id="step-log" ref={box}>{text || (state === 'ended' ? '(empty log)' : '')}</pre>
    </>
  );
}

function Events({ namespace, name, object }) {
  const [events, setEvents] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    get(`/instances/${enc(namespace)}/${enc(name)}/events`, { object }).then(setEvents, (e) => setError(e.message));
  }, [namespace, name, object]);
  if (error) return <p class="error">{error}</p>;
  if (!events) return null;
  if (events.length === 0) return <p class="dim">No Events of {object} (Events expire after an hour).</p>;
  return (
    <table class="list events">
      <tbody>{events.map((e, i) => <tr key={i} class={e.type === 'Warning' ? 'warn' : ''}><td>{e.type}</td><td class="dim" title={e.object}>{(e.object || '').split('/')[0]}</td><td>{e.reason}</td><td>{e.message}</td><td class="dim">{e.time}</td></tr>)}</tbody>
    </table>
  );
}

const STEP_ACTIONS = ['Skip', 'Bypass', 'Stop', 'Kill', 'Restart'];

export function StepPanel({ namespace, name, step, me, onClose }) {
  const attempts = step.attempts || [];
  const last = attempts.length ? attempts[attempts.length - 1] : null;
  const [attempt, setAttempt] = useState(last ? last.number : null);
  const [result, setResult] = useState(null);
  const chosen = attempts.find((a) => a.number === attempt) || last;
  const stepAction = async (action) => {
    if (!confirm(`${action} step ${step.name}?`)) return;
    try { setResult({ ok: true, text: (await act(namespace, name, { action, path: step.name })).message }); }
    catch (e) { setResult({ ok: false, text: e.message }); }
  };
  return (
    <aside class="panel" id="step-panel" data-step={step.name}>
      <button class="close link" onClick={onClose}>×</button>
      <h2>{step.name} <Phase phase={step.phase} /></h2>
      {step.message && <p class="message">{step.message}</p>}
      <p class="dim">{step.startTime && <>started {step.startTime}</>}{step.completionTime && <> · ended {step.completionTime}</>}</p>
      {me.actions && (
        <div class="actions small">{STEP_ACTIONS.map((a) => <button key={a} data-step-action={a} onClick={() => stepAction(a)}>{a}</button>)}</div>
      )}
      {result && <p role="alert" class={result.ok ? 'ok' : 'error'}>{result.text}</p>}
      <Values title="Params" values={step.params} />
      <Values title="Outputs" values={step.outputs} />
      {attempts.length > 0 && (
        <>
          <h3>Attempts</h3>
          <table class="list attempts">
            <thead><tr><th>#</th><th>Outcome</th><th>Exit</th><th>Reason</th><th>Start</th><th>End</th><th>Pod</th></tr></thead>
            <tbody>{attempts.map((a) => (
              <tr key={a.number} class={a.number === attempt ? 'selected' : ''} onClick={() => setAttempt(a.number)}>
                <td>{a.number}</td><td><Phase phase={a.outcome} /></td><td>{show(a.exitCode)}</td><td title={a.message}>{a.reason}</td>
                <td>{a.startTime}</td><td>{a.completionTime}</td><td class="mono">{a.pod}</td>
              </tr>))}</tbody>
          </table>
          {chosen && (chosen.pod || chosen.job) && <><h3>Events</h3><Events namespace={namespace} name={name} object={chosen.pod || chosen.job} /></>}
          {chosen && <Logs namespace={namespace} name={name} step={step.name} attempt={chosen.number} />}
        </>
      )}
    </aside>
  );
}
