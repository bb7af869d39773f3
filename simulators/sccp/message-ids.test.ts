import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DCallState, DeviceType, enumName, MediaPayloadTypeName, SoftKeySetName } from './enums.ts';
import { describeMessageId, MessageId, messageName } from './message-ids.ts';

describe('message ids and enums', () => {
  it('ids are unique and map back to their names', () => {
    const ids = Object.values(MessageId);
    assert.equal(new Set(ids).size, ids.length);
    for (const [name, id] of Object.entries(MessageId)) assert.equal(messageName(id), name);
    assert.equal(messageName(0x7777), undefined);
    assert.equal(describeMessageId(0x014a), 'CallInfoV2 (0x014a)');
    assert.equal(describeMessageId(0x7777), 'Unknown (0x7777)');
  });

  it('reference ids: CallInfo 0x008F, DisplayNotify 0x0114, DisplayPriNotifyV2 0x0144, StartMediaTransmissionAck 0x0154', () => {
    assert.equal(MessageId.CallInfo, 0x008f);
    assert.equal(MessageId.DisplayNotify, 0x0114);
    assert.equal(MessageId.DisplayPriNotifyV2, 0x0144);
    assert.equal(MessageId.StartMediaTransmissionAck, 0x0154);
    assert.equal(MessageId.HookFlash, 0x0008);
  });

  it('enum reverse lookups', () => {
    assert.equal(enumName(DCallState, 13), 'CallRemoteMultiline');
    assert.equal(enumName(DCallState, 99), undefined);
    assert.equal(DeviceType.Cisco7960, 7);
    assert.equal(DeviceType.Cisco7940, 8);
    assert.equal(enumName(DeviceType, 30007), 'Cisco7912');
    assert.equal(SoftKeySetName.get(11), 'OnHookStealable');
    assert.equal(MediaPayloadTypeName.get(4), 'G711Ulaw64k');
  });
});
