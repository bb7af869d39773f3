/**
 * The dissector table is plain data (survives JSON) and says, per version, what a Wireshark
 * dissector needs: the floating tag/length width, each message's fixed layout and floating tags.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dissectorTable, dissectorTables } from './dissector-table.ts';
import { MESSAGES } from './message-catalogue.ts';

describe('dissectorTable', () => {
  it('is pure data: a JSON round trip changes nothing', () => {
    for (const t of dissectorTables()) assert.deepEqual(JSON.parse(JSON.stringify(t)), t);
  });

  it('v19 has one-byte floating tags and no DepartmentID; v20 two-byte tags and the tail', () => {
    const v19 = dissectorTable(19);
    const v20 = dissectorTable(20);
    assert.equal(v19.floatingHeaderWidth, 1);
    assert.equal(v20.floatingHeaderWidth, 2);
    const openConf = (t: typeof v19) => t.messages.find((m) => m.id === 4)!;
    assert.equal(openConf(v19).fixed.at(-1)?.name, 'AgentState');
    assert.deepEqual(openConf(v20).fixed.at(-1), { name: 'DepartmentID', type: 'UINT', size: 4 });
    assert.equal(v20.messages.length, MESSAGES.length);
    assert.equal(
      v19.tags.some((t) => t.tag > 255),
      false,
    );
    assert.deepEqual(
      v20.tags.find((t) => t.tag === 1),
      { tag: 1, name: 'ClientID', type: 'STRING', maxSize: 64 },
    );
  });

  it('lists each message floating fields with tag, required and repeat flags', () => {
    const delivered = dissectorTable(20).messages.find((m) => m.name === 'CALL_DELIVERED_EVENT')!;
    assert.deepEqual(delivered.floating[0], {
      tag: 25,
      name: 'ConnectionDeviceID',
      required: true,
      repeats: false,
    });
    assert.deepEqual(
      delivered.floating.find((f) => f.tag === 82),
      { tag: 82, name: 'NamedVariable', required: false, repeats: true },
    );
  });
});

describe('dissectorTable value strings', () => {
  it('names the enumerated fixed fields and carries their value strings', () => {
    const t = dissectorTable(20);
    const field = (msg: string, name: string) =>
      t.messages.find((m) => m.name === msg)!.fixed.find((f) => f.name === name)!;
    assert.equal(field('FAILURE_CONF', 'Status').values, 'Status');
    assert.equal(t.valueStrings['Status']?.['92'], 'E_CTI_SERVER_NOT_MASTER');
    assert.equal(field('AGENT_STATE_EVENT', 'SkillGroupState').values, 'AgentState');
    assert.equal(t.valueStrings['AgentState']?.['10'], 'HOLD');
    assert.equal(field('CALL_DELIVERED_EVENT', 'AlertingDeviceType').values, 'DeviceIDType');
    assert.equal(field('CALL_DELIVERED_EVENT', 'ConnectionDeviceIDType').values, 'ConnectionDeviceIDType');
    assert.equal(field('CONTROL_FAILURE_CONF', 'FailureCode').values, 'ControlFailureCode');
    assert.equal(field('OPEN_REQ', 'IdleTimeout').values, undefined);
    assert.equal(t.valueStrings['EventCause']?.['65535'], 'NONE');
  });
});
