/**
 * ServerRes server list (chan-sccp (CallManager list and failover), skinny-messages.txt ServerResMessage):
 * 5 x serverName[48], 5 x port u32, then 5 x IPv4 (body < 293 bytes) or 5 x ipv4or6 (body > 292;
 * sent from header version 17). Decode drops trailing all-empty slots; encode pads to 5.
 */
import type { BodyReader } from './body-reader.ts';
import type { BodyWriter } from './body-writer.ts';
import { type FieldCodec, fixedString, ipv4, ipv4or6 } from './field-codecs.ts';
import { ipv4FromBytes, ipv6FromBytes } from './ip-address.ts';
import type { ServerEntry } from './messages.ts';
import { isEmptyServer, MAX_SERVERS } from './template-codecs.ts';

const serverName = fixedString(48);
/** Wireshark: the ipv4or6 form is chosen when the length field exceeds 292. */
const V6_FORM_ABOVE = 292 - 4;

function readIpv4or6(r: BodyReader): string {
  const at = r.pos;
  const type = r.u32();
  const raw = r.take(16);
  if (type === 0) return ipv4FromBytes(raw);
  if (type === 1) return ipv6FromBytes(raw);
  throw r.badField(`server address type ${type} is neither 0 (v4) nor 1 (v6)`, at);
}

export const serverList: FieldCodec<ServerEntry[]> = {
  size: (v) => MAX_SERVERS * (48 + 4 + (v >= 17 ? 20 : 4)),
  minSize: () => MAX_SERVERS * (48 + 4 + 4),
  read: (r) => {
    const wide = r.bytes.length > V6_FORM_ABOVE;
    const names = Array.from({ length: MAX_SERVERS }, () => serverName.read(r));
    const ports = Array.from({ length: MAX_SERVERS }, () => r.u32());
    const addrs = Array.from({ length: MAX_SERVERS }, () => (wide ? readIpv4or6(r) : ipv4.read(r)));
    const servers = names.map((name, i) => ({
      serverName: name,
      serverTcpListenPort: ports[i] ?? 0,
      serverIpAddr: addrs[i] ?? '0.0.0.0',
    }));
    while (servers.length > 0 && isEmptyServer(servers[servers.length - 1] as ServerEntry)) servers.pop();
    return servers;
  },
  write: (w: BodyWriter, list, f) => {
    if (!Array.isArray(list) || list.length > MAX_SERVERS) throw w.fail(f, `at most ${MAX_SERVERS} servers`);
    const slots: ServerEntry[] = Array.from(
      { length: MAX_SERVERS },
      (_, i) => list[i] ?? { serverName: '', serverTcpListenPort: 0, serverIpAddr: '0.0.0.0' },
    );
    for (const [i, s] of slots.entries()) serverName.write(w, s.serverName, `${f}[${i}].serverName`);
    for (const [i, s] of slots.entries()) w.u32(s.serverTcpListenPort, `${f}[${i}].serverTcpListenPort`);
    // ipv4or6 writes the 20-byte form from header version 17, the 4-byte IPv4 form before.
    for (const [i, s] of slots.entries()) ipv4or6.write(w, s.serverIpAddr, `${f}[${i}].serverIpAddr`);
  },
  empty: () => [],
};
