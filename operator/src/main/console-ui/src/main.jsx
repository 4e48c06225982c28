// The console's shell: session (and sign-in in kubernetes mode), hash routes, the pages.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { session, token, ApiError } from './api.js';
import { Workflows } from './pages/Workflows.jsx';
import { WorkflowPage } from './pages/WorkflowPage.jsx';
import { Instances } from './pages/Instances.jsx';
import { InstancePage } from './pages/InstancePage.jsx';

function useHash() {
  const [hash, setHash] = useState(location.hash || '#/instances');
  useEffect(() => {
    const on = () => setHash(location.hash || '#/instances');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

/** '#/instances?phase=Running' → { path: ['instances'], query: URLSearchParams } */
function parse(hash) {
  const [p, q] = hash.slice(1).split('?');
  return { path: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q || '') };
}

function SignIn({ error, onDone }) {
  const [value, setValue] = useState('');
  return (
    <form class="signin" onSubmit={(e) => { e.preventDefault(); token.set(value.trim()); onDone(); }}>
      <h2>Sign in</h2>
      <p>This console runs in <b>kubernetes</b> mode: paste a Kubernetes bearer token (for example the output of
        <code>kubectl create token NAME</code>). What you see and may do is what your RBAC allows.</p>
      {error && <p class="error" role="alert">{error}</p>}
      <textarea name="token" rows="4" value={value} onInput={(e) => setValue(e.target.value)} />
      <button type="submit" id="signin">Sign in</button>
    </form>
  );
}

function App() {
  const hash = useHash();
  const [me, setMe] = useState(null);
  const [error, setError] = useState(null);
  const [tries, setTries] = useState(0);
  useEffect(() => {
    session().then((s) => { setMe(s); setError(null); })
      .catch((e) => { setMe(null); setError(e instanceof ApiError && e.status === 401 ? { signIn: e.message } : { text: e.message }); });
  }, [tries]);
  const { path, query } = parse(hash);
  if (error && error.signIn) return <Shell><SignIn error={token.get() ? error.signIn : null} onDone={() => setTries(tries + 1)} /></Shell>;
  if (error) return <Shell><p class="error" role="alert">{error.text}</p></Shell>;
  if (!me) return <Shell><p class="loading">Loading…</p></Shell>;
  let page;
  if (path[0] === 'workflows' && path.length === 3) page = <WorkflowPage namespace={path[1]} name={path[2]} />;
  else if (path[0] === 'workflows') page = <Workflows query={query} />;
  else if (path[0] === 'instances' && path.length === 3) page = <InstancePage key={path[1] + '/' + path[2]} namespace={path[1]} name={path[2]} me={me} />;
  else page = <Instances key={query.toString()} query={query} />;
  return <Shell me={me} onSignOut={() => { token.set(null); setTries(tries + 1); }}>{page}</Shell>;
}

function Shell({ me, onSignOut, children }) {
  return (
    <div class="shell">
      <header>
        <a class="brand" href="#/instances">Baton</a>
        <nav><a href="#/workflows">Workflows</a><a href="#/instances">Instances</a></nav>
        <span class="who">
          {me && (me.mode === 'readOnly' ? <span class="mode" title="No actions: anyone who reaches this port sees what the operator watches">read-only</span>
            : <span class="mode">{me.user} <button class="link" onClick={onSignOut}>sign out</button></span>)}
        </span>
      </header>
      <main>{children}</main>
    </div>
  );
}

const root = document.getElementById('app');
root.textContent = ''; // the "Loading" line the page shows until this script runs
render(<App />, root);
