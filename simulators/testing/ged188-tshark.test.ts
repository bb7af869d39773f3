/**
 * A capture the lab's CaptureRecorder writes from CTI Server observations (protocol `cti-server`,
 * as a CTI Server side publishes them) dissects with the GED-188 Lua plugin: on the default port
 * and on an ephemeral one (decode-as), every message named, nothing malformed.
 * Without tshark this fails (install it) unless CTILAB_SKIP_TSHARK=1 says to skip.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AgentState, CtiStatus, ServiceMask } from '../cti-server/enums.ts';
import { ctiMessage, encodeMessage } from '../cti-server/message-codec.ts';
import { CaptureRecorder } from '../lab/capture-recorder.ts';
import { type Endpoint, ObservationStream } from '../lab/observation.ts';
import { decodeCapture, TSHARK_INSTALL_HINT, tsharkAvailable } from '../lab/tshark.ts';
import { GED188_LUA_PLUGIN, ged188DecodeOptions } from './ged188-tshark.ts';

const SKIP =
  process.env['CTILAB_SKIP_TSHARK'] === '1' ? 'CTILAB_SKIP_TSHARK=1: tshark checks skipped' : false;
const dir = mkdtempSync(join(tmpdir(), 'ctilab-ged188-rec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('ged188DecodeOptions', () => {
  it('loads the committed plugin and adds decode-as only for non-default ports', () => {
    assert.ok(existsSync(GED188_LUA_PLUGIN));
    assert.deepEqual(ged188DecodeOptions([42027, 43027, 39001, 39001]), {
      luaScripts: [GED188_LUA_PLUGIN],
      decodeAs: ['tcp.port==39001,ged188'],
    });
    assert.throws(() => ged188DecodeOptions([70000]), /not a TCP port: 70000/);
  });
});

describe('CTI Server captures dissect with the GED-188 plugin', { skip: SKIP }, () => {
  it('a recorded session on 42027 and one on an ephemeral port: all messages, 0 malformed', async () => {
    if (!(await tsharkAvailable())) assert.fail(TSHARK_INSTALL_HINT);
    const path = join(dir, 'cti-server.pcap');
    const stream = new ObservationStream();
    const rec = new CaptureRecorder(stream, { path });
    rec.start();
    let clock = Date.UTC(2026, 0, 1, 9);
    const tick = () => {
      clock += 2;
      return clock;
    };
    const session = (client: Endpoint, server: Endpoint, connection: string) => {
      const base = { source: 'cti-server-A', protocol: 'cti-server', connection } as const;
      stream.publish({ ...base, kind: 'connection', time: tick(), event: 'open', client, server });
      const send = (toServer: boolean, bytes: Buffer) =>
        stream.publish({
          ...base,
          kind: 'wire',
          transport: 'tcp',
          time: tick(),
          src: toServer ? client : server,
          dst: toServer ? server : client,
          bytes: new Uint8Array(bytes),
        });
      const v = 20;
      send(
        true,
        encodeMessage(
          ctiMessage(
            'OPEN_REQ',
            { InvokeID: 1, VersionNumber: v, IdleTimeout: 120, ServicesRequested: ServiceMask.ALL_EVENTS },
            [
              { name: 'ClientID', value: 'bridge' },
              { name: 'ClientPassword', value: new Uint8Array(0) },
            ],
          ),
          v,
        ),
      );
      send(
        false,
        encodeMessage(
          ctiMessage('OPEN_CONF', {
            InvokeID: 1,
            ServicesGranted: ServiceMask.ALL_EVENTS,
            PeripheralOnline: true,
            AgentState: AgentState.AVAILABLE,
          }),
          v,
        ),
      );
      send(true, encodeMessage(ctiMessage('HEARTBEAT_REQ', { InvokeID: 2 }), v));
      send(false, encodeMessage(ctiMessage('HEARTBEAT_CONF', { InvokeID: 2 }), v));
      send(
        true,
        encodeMessage(ctiMessage('CLOSE_REQ', { InvokeID: 3, Status: CtiStatus.E_CTI_NO_ERROR }), v),
      );
      send(false, encodeMessage(ctiMessage('CLOSE_CONF', { InvokeID: 3 }), v));
      stream.publish({ ...base, kind: 'connection', time: tick(), event: 'close', client, server });
    };
    session({ host: '127.0.0.1', port: 50100 }, { host: '127.0.0.1', port: 42027 }, 'a');
    session({ host: '127.0.0.1', port: 50101 }, { host: '127.0.0.1', port: 39001 }, 'b');
    await rec.stop();
    const decoded = await decodeCapture(path, {
      ...ged188DecodeOptions([42027, 39001]),
      fields: ['tcp.dstport', 'ged188.type', '_ws.col.Info'],
      displayFilter: 'ged188',
    });
    assert.equal(decoded.malformed, 0, JSON.stringify(decoded.problems));
    const names = ['OPEN_REQ', 'OPEN_CONF', 'HEARTBEAT_REQ', 'HEARTBEAT_CONF', 'CLOSE_REQ', 'CLOSE_CONF'];
    assert.deepEqual(
      decoded.packets.map((p) => p['_ws.col.Info']),
      [...names, ...names],
    );
  });
});
