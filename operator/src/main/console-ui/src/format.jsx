// Small formatting helpers shared by the pages.

export function ago(time) {
  if (!time) return '';
  const s = Math.round((Date.now() - Date.parse(time)) / 1000);
  if (s < 60) return s + 's ago';
  if (s < 3600) return Math.round(s / 60) + 'm ago';
  if (s < 86400) return Math.round(s / 3600) + 'h ago';
  return Math.round(s / 86400) + 'd ago';
}

export function seconds(from, to) {
  if (!from) return null;
  return ((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000;
}

export function duration(s) {
  if (s === null || s === undefined) return '';
  if (s < 60) return s.toFixed(s < 10 ? 1 : 0) + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + Math.round(s % 60) + 's';
  return Math.floor(s / 3600) + 'h' + Math.round((s % 3600) / 60) + 'm';
}

/** Any value as text for a table cell: strings as they are, the rest as JSON. Preact escapes it. */
export function show(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function Phase({ phase }) {
  return <span class={'phase phase-' + (phase || 'Pending')}>{phase || 'Pending'}</span>;
}
