// The worker thread's entry (src/db/pglite-in-worker.ts starts it): registers tsx's loader in this
// thread, whatever the parent was started with, then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
