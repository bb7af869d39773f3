import type { Writable } from 'node:stream';
import { latencyProbe } from './latency-probe.ts';

/** Sockets corked in the current turn of the event loop (uncorked on the next tick), with the writes held. */
const corked = new WeakMap<Writable, number>();

/**
 * Writes `bytes` to `socket`; every write made to it in the same turn of the event loop (the
 * answers to all the frames one TCP segment carried, say) leaves in one writev on the next tick
 * instead of one syscall each. Order and bytes are unchanged; `end()` flushes what is corked.
 * Profiling the registration benchmark (issue 13) found one write syscall per SCCP message to be
 * the largest single cost on both the call manager's and the phones' side.
 *
 * `maxPerWritev` bounds how many writes wait for the turn to end: the one that reaches it leaves
 * at once with those held before it. A held answer waits for every later frame of its segment to
 * be handled (and for whatever stops the process meanwhile: a GC pause, the scheduler); the CSTA
 * latency probe (issue 13, `bench/csta-latency.ts --probe`) found that wait to be about a third of
 * the slowest 1% of requests' time when SIP requests queued. Default: no bound.
 */
export function writeInTurn(
  socket: Writable,
  bytes: Uint8Array,
  maxPerWritev = Number.POSITIVE_INFINITY,
): void {
  let held = corked.get(socket);
  if (held === undefined) {
    socket.cork();
    process.nextTick(uncorkTurn, socket);
    held = 0;
  }
  socket.write(bytes);
  held++;
  if (held >= maxPerWritev) {
    // Out now; corked again for the rest of the turn (uncorkTurn releases that cork).
    latencyProbe?.flushed();
    socket.uncork();
    socket.cork();
    held = 0;
  }
  corked.set(socket, held);
}

function uncorkTurn(socket: Writable): void {
  corked.delete(socket);
  // Before the writev: the peer may read the bytes before this process runs again.
  latencyProbe?.flushed();
  socket.uncork();
}
