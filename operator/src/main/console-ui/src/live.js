// A page's data kept live: loaded once, then again shortly after the change stream brings a change the page
// shows (debounced: a burst of changes is one reload).
import { useEffect } from 'preact/hooks';
import { onChanges } from './api.js';

/** Calls load now, and delayMs after the last change for which matches(change) holds; deps as useEffect's. */
export function useLive(load, matches, delayMs, deps) {
  useEffect(() => {
    let timer = null;
    load();
    const off = onChanges((changes) => {
      if (changes.some(matches)) {
        clearTimeout(timer);
        timer = setTimeout(load, delayMs);
      }
    });
    return () => { off(); clearTimeout(timer); };
  }, deps);
}
