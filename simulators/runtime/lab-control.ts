// The control socket of a running lab: `ctilab lab status|fault|down` in another shell talk to
// the `ctilab lab up` process over a Unix socket, one JSON request line, one JSON answer line.
import { createConnection, createServer, type Server } from 'node:net';
import { parseFault } from './lab-fault.ts';
import type { RunningLab } from './lab-runtime.ts';

export type ControlRequest =
  | { readonly op: 'status' }
  | { readonly op: 'fault'; readonly node: string; readonly fault: readonly string[] }
  | { readonly op: 'down' };

export type ControlAnswer =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: string };

/** Serves `lab` on `path`; `onDown` is called after a `down` request was answered. */
export async function serveControl(lab: RunningLab, path: string, onDown: () => void): Promise<Server> {
  const server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 65_536)
        return void socket.end(`${JSON.stringify({ ok: false, error: 'request too long' })}\n`);
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      const line = buffer.slice(0, end);
      void answer(lab, line).then((reply) => {
        socket.end(`${JSON.stringify(reply)}\n`);
        if (reply.ok && (JSON.parse(line) as ControlRequest).op === 'down') onDown();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  return server;
}

async function answer(lab: RunningLab, line: string): Promise<ControlAnswer> {
  let request: ControlRequest;
  try {
    request = JSON.parse(line) as ControlRequest;
  } catch {
    return { ok: false, error: 'not a JSON request' };
  }
  try {
    switch (request.op) {
      case 'status':
        return { ok: true, result: await lab.status() };
      case 'fault':
        return { ok: true, result: await lab.fault(request.node, parseFault(request.fault)) };
      case 'down':
        return { ok: true, result: { lab: lab.name, stopping: true } };
      default:
        return { ok: false, error: `unknown op '${(request as { op?: unknown }).op}'` };
    }
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** One request to the lab behind `path`; rejects when nothing answers within `timeoutMs`. */
export function requestControl(
  path: string,
  request: ControlRequest,
  timeoutMs = 60_000,
): Promise<ControlAnswer> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let reply = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`the lab did not answer within ${timeoutMs} ms`));
    });
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => {
      reply += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(JSON.parse(reply) as ControlAnswer);
      } catch {
        reject(new Error(`the lab answered something that is not JSON: ${reply.slice(0, 200)}`));
      }
    });
  });
}
