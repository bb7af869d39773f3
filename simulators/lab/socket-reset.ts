import type { Socket } from 'node:net';

/**
 * Ends a TCP connection abruptly: a reset (RST, `resetAndDestroy`) while our side has sent no FIN;
 * a plain `destroy` once `end()` was called (a FIN queued or sent: after CLOSE, or when the peer's
 * FIN ended a socket that does not allow half-open connections).
 *
 * Why not always `resetAndDestroy`: libuv refuses SO_LINGER 0 on a stream whose shutdown is in
 * flight (`uv_tcp_close_reset` returns UV_EINVAL while UV_HANDLE_SHUTTING), and Node 20's
 * `TCPWrap::Reset` marks its handle closing anyway without closing it: the socket emits an
 * `EINVAL reset` error, its descriptor stays open, and at exit `Environment::CleanupHandles` waits
 * for that handle forever, spinning (the process never exits; seen as `ctilab serve acd` not
 * exiting after SIGTERM). The same race and this fix: libp2p/js-libp2p pull request 3597
 * ("close socket when reset races shutdown"). Once a FIN has left, a reset adds nothing a client
 * could rely on anyway.
 */
export function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableEnded) socket.destroy();
  else socket.resetAndDestroy();
}
