import type { Writable } from 'node:stream';
import { latencyProbe } from './latency-probe.ts';

/** Sockets corked in the current turn of the event loop (uncorked on the next tick). */
const corked = new WeakSet<Writable>();

/**
 * Writes `bytes` to `socket`; every write made to it in the same turn of the event loop (the
 * answers to all the frames one TCP segment carried, say) leaves in one writev on the next tick
 * instead of one syscall each. Order and bytes are unchanged; `end()` flushes what is corked.
 * Profiling the registration benchmark (issue 13) found one write syscall per SCCP message to be
 * the largest single cost on both the call manager's and the phones' side.
 */
export function writeInTurn(socket: Writable, bytes: Uint8Array): void {
  if (!corked.has(socket)) {
    corked.add(socket);
    socket.cork();
    process.nextTick(uncorkTurn, socket);
  }
  socket.write(bytes);
}

function uncorkTurn(socket: Writable): void {
  corked.delete(socket);
  // Before the writev: the peer may read the bytes before this process runs again.
  latencyProbe?.flushed();
  socket.uncork();
}
