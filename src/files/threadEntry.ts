/**
 * A worker thread's entry file, for `new Worker`. From the TypeScript sources (tsx, vitest: the
 * caller is a `.ts` file) it is the `.mjs` loader beside the caller, which registers tsx first (a
 * worker gets no loader from its parent on Node 20). From the build (`npm start` runs dist/, where
 * scripts/build.mjs puts every entry and chunk in one folder) it is the thread's bundle `<built>.js`
 * beside the caller's: no loader, so no tsx hooks thread (another V8 isolate) per thread.
 */
export function threadEntry(callerUrl: string, sourceLoader: string, built: string): URL {
  return new URL(new URL(callerUrl).pathname.endsWith('.ts') ? sourceLoader : `./${built}.js`, callerUrl);
}
