// `npm run build` (and so `npm start`, through prestart): bundles the engine's two thread entries
// with esbuild into dist/, every entry and shared chunk in that one folder (`threadEntry` finds a
// thread's bundle beside its caller's), with source maps (`npm start` passes --enable-source-maps).
// Node then runs plain JavaScript: no tsx loader, whose hooks thread is another V8 isolate in every
// thread that registers it (about 20 MB of resident memory each). Packages stay in node_modules.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src/main.ts',
    backgroundThread: 'src/background/backgroundThread.ts',
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
  write: false,
});
// An engine already running from dist/ loads some chunks on first use (the migrations, Twilio's
// client): each file is replaced whole (written beside, then renamed), an unchanged one left as it
// is, and only then are other builds' files removed (not another build's files being written).
mkdirSync(dist, { recursive: true });
const written = new Set();
for (const file of result.outputFiles) {
  written.add(basename(file.path));
  const same = (() => {
    try {
      return readFileSync(file.path).equals(file.contents);
    } catch {
      return false;
    }
  })();
  if (same) continue;
  writeFileSync(`${file.path}.${process.pid}.tmp`, file.contents);
  renameSync(`${file.path}.${process.pid}.tmp`, file.path);
}
for (const name of readdirSync(dist)) if (!written.has(name) && !name.endsWith('.tmp')) rmSync(join(dist, name), { force: true });
