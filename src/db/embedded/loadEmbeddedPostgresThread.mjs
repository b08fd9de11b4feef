// A worker thread gets no TypeScript loader from its parent (see loadBackgroundThread.mjs):
// register tsx here, then load the thread's entry.
import { register } from 'tsx/esm/api';

register();
await import('./embeddedPostgresThread.ts');
