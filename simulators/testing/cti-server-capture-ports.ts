/**
 * Which TCP ports of a scenario are CTI Server (GED-188) sides, learnt from the scenario's
 * observation stream, so the After hook can load the GED-188 Lua dissector and decode those ports
 * as GED-188 (a lab's sides listen on ephemeral ports, not only on 42027 / 43027). A CTI Server
 * side publishes every message of its connections (protocol `cti-server`); the protocol is
 * client-first (the client's OPEN_REQ opens the session, Cisco "CTI Server Message Reference Guide",
 * chapter 4 "Session Initialization"), so the first message of a connection goes to the server;
 * a connection observation names the server outright.
 */
import type { Observation } from '../lab/observation.ts';

export class CtiServerCapturePorts {
  private readonly connections = new Set<string>();
  private readonly serverPorts = new Set<number>();
  /** CTI Server messages published (each wire observation of a side is one message). */
  messages = 0;

  observe(o: Observation): void {
    if (o.kind === 'connection' && o.protocol === 'cti-server') {
      this.serverPorts.add(o.server.port);
      this.connections.add(o.connection);
      return;
    }
    if (o.kind !== 'wire' || o.protocol !== 'cti-server') return;
    this.messages++;
    if (this.connections.has(o.connection)) return;
    this.connections.add(o.connection);
    this.serverPorts.add(o.dst.port);
  }

  /** The CTI Server sides' ports seen, ascending. */
  get ports(): number[] {
    return [...this.serverPorts].sort((a, b) => a - b);
  }
}
