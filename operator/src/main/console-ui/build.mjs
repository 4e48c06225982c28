// Bundles the console into one script and one stylesheet, written where the operator jar picks them up
// (argument 1: the output directory, by default ../../../target/classes/console-ui). No CDN: everything the
// page loads comes from the operator.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] || new URL('../../../target/classes/console-ui', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: { app: 'src/main.jsx' },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: out,
  logLevel: 'warning',
});
await esbuild.build({ entryPoints: { app: 'src/app.css' }, bundle: true, minify: true, outdir: out, logLevel: 'warning' });
for (const f of ['index.html', 'favicon.svg']) copyFileSync(join('src', f), join(out, f));
