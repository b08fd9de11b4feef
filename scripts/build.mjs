// `npm run build` (and so `npm start`, through prestart): bundles the engine's three thread entries
// with esbuild into dist/, every entry and shared chunk in that one folder (`threadEntry` finds a
// thread's bundle beside its caller's), with source maps (`npm start` passes --enable-source-maps).
// Node then runs plain JavaScript: no tsx loader, whose hooks thread is another V8 isolate in every
// thread that registers it (about 20 MB of resident memory each). Packages stay in node_modules.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src/main.ts',
    backgroundThread: 'src/background/backgroundThread.ts',
    embeddedPostgresThread: 'src/db/embedded/embeddedPostgresThread.ts',
  },
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  // Dynamic imports (the migrator and migrations, Baileys, the in-thread background work) stay chunks loaded on first use.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  // Class and function names as in the sources (errors, logs).
  keepNames: true,
  logLevel: 'warning',
});
