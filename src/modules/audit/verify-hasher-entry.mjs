// A hashing thread of `audit verify` (src/modules/audit/verify-stream.ts starts it): registers tsx's
// loader in this thread, whatever the parent was started with, then runs the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./verify-hasher.ts');
