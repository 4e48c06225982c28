// The console's one way to the server: JSON reads, actions with the CSRF token, the change stream and logs.
// In kubernetes mode every request carries the user's bearer token (kept in this tab's sessionStorage only).

const BASE = '/console/api';
let csrf = null;

export const token = {
  get: () => sessionStorage.getItem('baton-token'),
  set: (t) => (t ? sessionStorage.setItem('baton-token', t) : sessionStorage.removeItem('baton-token')),
};

function headers(extra) {
  const h = { Accept: 'application/json', ...extra };
  const t = token.get();
  if (t) h.Authorization = 'Bearer ' + t;
  return h;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function answer(res) {
  const type = res.headers.get('Content-Type') || '';
  const body = type.startsWith('application/json') ? await res.json() : { error: await res.text() };
  if (!res.ok) throw new ApiError(res.status, (body && body.error) || res.statusText);
  return body;
}

export async function get(path, params) {
  const q = params ? '?' + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')) : '';
  return answer(await fetch(BASE + path + q, { headers: headers(), credentials: 'same-origin' }));
}

export async function session() {
  const s = await get('/session');
  csrf = s.csrf;
  return s;
}

export async function act(namespace, name, body) {
  const res = await fetch(`${BASE}/instances/${enc(namespace)}/${enc(name)}/actions`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: headers({ 'Content-Type': 'application/json', 'X-Baton-CSRF': csrf || '' }),
    body: JSON.stringify(body),
  });
  return answer(res);
}

export const enc = encodeURIComponent;

/**
 * Reads a streamed text answer (logs, server-sent events) chunk by chunk; returns a function that stops it.
 * fetch, not EventSource: EventSource cannot send the Authorization header.
 */
export function stream(path, onText, onEnd) {
  const ctl = new AbortController();
  (async () => {
    try {
      const res = await fetch(BASE + path, { headers: headers({ Accept: '*/*' }), signal: ctl.signal, credentials: 'same-origin' });
      if (!res.ok) {
        const body = await answer(res).catch((e) => e);
        onEnd && onEnd(body instanceof Error ? body : new ApiError(res.status, res.statusText));
        return;
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        onText(decoder.decode(value, { stream: true }));
      }
      onEnd && onEnd(null);
    } catch (e) {
      if (e.name !== 'AbortError') onEnd && onEnd(e);
    }
  })();
  return () => ctl.abort();
}

/** The shared change stream: one connection per page, each listener gets the changes (instances, workflows). */
const listeners = new Set();
let stopFeed = null;

export function onChanges(listener) {
  listeners.add(listener);
  if (!stopFeed) openFeed();
  return () => listeners.delete(listener);
}

function openFeed() {
  let buffer = '';
  stopFeed = stream('/changes', (text) => {
    buffer += text;
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data) {
        const changes = JSON.parse(data);
        listeners.forEach((l) => l(changes));
      }
    }
  }, () => {
    // Reconnect after a pause (operator restarted, proxy closed the stream).
    stopFeed = null;
    setTimeout(() => listeners.size && !stopFeed && openFeed(), 3000);
  });
}
