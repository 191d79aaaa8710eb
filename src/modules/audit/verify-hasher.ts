/**
 * A hashing thread of `audit verify` (decision 0028): checks each range of COPY text it is sent and
 * answers with the range's verdict. It reads nothing itself.
 */
import { parentPort } from 'node:worker_threads';
import { hashRange } from './verify-range';

const port = parentPort;
if (!port) throw new Error('verify-hasher.ts runs in a worker thread');
port.on('message', (message: { id: number; bytes: Uint8Array; from: number; keep: number[] }) => {
  try {
    port.postMessage({ id: message.id, result: hashRange(message.bytes, message.from, message.keep) });
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
