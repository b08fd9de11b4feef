// A worker thread gets no TypeScript loader from its parent (tsx's hooks do not reach workers on
// Node 20, nor does vitest's transform): register tsx here, then load the thread's entry.
import { register } from 'tsx/esm/api';

register();
await import('./backgroundThread.ts');
