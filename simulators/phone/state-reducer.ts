import {
  ButtonType,
  ButtonTypeName,
  CallType,
  DCallStateName,
  DeviceResetType,
  DeviceStimulus,
  DeviceStimulusName,
  DeviceToneName,
  enumName,
  LampModeName,
  RingModeName,
  SoftKeySetName,
  SpeakerMode,
} from '../sccp/enums.ts';
import type { SccpMessage } from '../sccp/messages.ts';
import { decodeDisplayText } from './display-text.ts';
import type { PhoneCall, PhoneCallInfo, PhoneLine, PhoneState } from './phone-state.ts';
import { refreshSoftKeySets, softKeyOf, softKeySetOf } from './soft-key-sets.ts';

const nameOr = (names: ReadonlyMap<number, string>, value: number): string =>
  names.get(value) ?? `Unknown(${value})`;

export function lineOf(state: PhoneState, lineInstance: number): PhoneLine {
  const key = String(lineInstance);
  let line = state.lines[key];
  if (line === undefined) {
    line = { lineInstance, dirNumber: '', displayName: '', label: '', lamp: 'Off', calls: {} };
    state.lines[key] = line;
  }
  return line;
}

function existingCall(state: PhoneState, lineInstance: number, callReference: number): PhoneCall | undefined {
  if (callReference === 0) return undefined;
  return state.lines[String(lineInstance)]?.calls[String(callReference)];
}

function callOf(state: PhoneState, lineInstance: number, callReference: number): PhoneCall {
  const line = lineOf(state, lineInstance);
  const key = String(callReference);
  let call = line.calls[key];
  if (call === undefined) {
    call = {
      lineInstance,
      callReference,
      state: null,
      callInfo: null,
      softKeySet: null,
      validKeyMask: null,
      prompt: null,
      privacy: 0,
      precedenceLevel: 0,
    };
    line.calls[key] = call;
  }
  return call;
}

function callInfoFrom(m: Extract<SccpMessage, { type: 'CallInfo' | 'CallInfoV2' }>): PhoneCallInfo {
  return {
    callingParty: m.callingParty,
    callingPartyName: m.callingPartyName,
    calledParty: m.calledParty,
    calledPartyName: m.calledPartyName,
    originalCalledParty: m.originalCalledParty,
    originalCalledPartyName: m.originalCalledPartyName,
    lastRedirectingParty: m.lastRedirectingParty,
    lastRedirectingPartyName: m.lastRedirectingPartyName,
    callType: enumName(CallType, m.callType) ?? `Unknown(${m.callType})`,
    callInstance: m.callInstance,
  };
}

/**
 * Applies one call-manager -> phone message to the display/call state. Registration
 * (RegisterAck), media channel opening and keepalives are handled by the phone itself; this
 * covers what a real phone shows. Returns false when the message does not change the state.
 */
export function applyServerMessage(state: PhoneState, m: SccpMessage): boolean {
  switch (m.type) {
    case 'ButtonTemplateRes': {
      // Wireshark packet-skinny and chan-sccp (registration): instances number per type from 1; unused slots are (0, 0xFF).
      m.definitions.forEach((d, i) => {
        const position = m.buttonOffset + i;
        state.buttons[position] = {
          position,
          instance: d.instanceNumber,
          type: d.buttonDefinition,
          typeName: nameOr(ButtonTypeName, d.buttonDefinition),
        };
        if (d.buttonDefinition === ButtonType.Line && d.instanceNumber > 0) lineOf(state, d.instanceNumber);
      });
      return true;
    }
    case 'SoftKeyTemplateRes':
      m.definitions.forEach((d, i) => {
        state.softKeyTemplate[m.softKeyOffset + i] = softKeyOf(d);
      });
      refreshSoftKeySets(state);
      return true;
    case 'SoftKeySetRes':
      m.definitions.forEach((d, i) => {
        const index = m.softKeySetOffset + i;
        // Frozen definitions (the shared decode) give shared frozen sets (soft-key-sets.ts).
        state.softKeySets[index] = softKeySetOf(index, d.softKeyTemplateIndex, state.softKeyTemplate);
      });
      return true;
    case 'ConfigStatRes':
      state.config = {
        userName: m.userName,
        serverName: m.serverName,
        numberOfLines: m.numberOfLines,
        numberOfSpeedDials: m.numberOfSpeedDials,
      };
      return true;
    case 'LineStatRes':
    case 'LineStatV2Res': {
      const line = lineOf(state, m.lineNumber);
      line.dirNumber = m.lineDirNumber;
      line.displayName = m.lineFullyQualifiedDisplayName;
      line.label = m.lineTextLabel;
      return true;
    }
    case 'TimeDateRes':
      state.timeDate = {
        year: m.wYear,
        month: m.wMonth,
        day: m.wDay,
        hour: m.wHour,
        minute: m.wMinute,
        second: m.wSecond,
        systemTime: m.systemTime,
      };
      return true;
    case 'CallState': {
      const name = nameOr(DCallStateName, m.callState);
      if (m.callReference === 0) return false;
      if (name === 'OnHook') {
        // The call is over on this phone: a real phone clears it from the call plane.
        const line = state.lines[String(m.lineInstance)];
        if (line === undefined) return false;
        delete line.calls[String(m.callReference)];
        return true;
      }
      const call = callOf(state, m.lineInstance, m.callReference);
      call.state = name;
      call.privacy = m.privacy;
      call.precedenceLevel = m.precedenceLevel;
      return true;
    }
    case 'CallInfo':
    case 'CallInfoV2': {
      if (m.callReference === 0) return false;
      callOf(state, m.lineInstance, m.callReference).callInfo = callInfoFrom(m);
      return true;
    }
    case 'SelectSoftKeys': {
      const softKeySet = nameOr(SoftKeySetName, m.softKeySetIndex);
      state.selectedSoftKeys = {
        lineInstance: m.lineInstance,
        callReference: m.callReference,
        softKeySet,
        validKeyMask: m.validKeyMask >>> 0,
      };
      const call = existingCall(state, m.lineInstance, m.callReference);
      if (call !== undefined) {
        call.softKeySet = softKeySet;
        call.validKeyMask = m.validKeyMask >>> 0;
      }
      return true;
    }
    case 'DisplayPromptStatus':
    case 'DisplayPromptStatusV2': {
      const text = decodeDisplayText(m.promptStatus);
      state.prompt = {
        raw: m.promptStatus,
        text,
        timeout: m.timeOutValue,
        lineInstance: m.lineInstance,
        callReference: m.callReference,
      };
      const call = existingCall(state, m.lineInstance, m.callReference);
      if (call !== undefined) call.prompt = text;
      return true;
    }
    case 'ClearPromptStatus': {
      state.prompt = null;
      const call = existingCall(state, m.lineInstance, m.callReference);
      if (call !== undefined) call.prompt = null;
      return true;
    }
    case 'DisplayNotify':
    case 'DisplayNotifyV2':
      state.notify = {
        raw: m.notify,
        text: decodeDisplayText(m.notify),
        timeout: m.timeOutValue,
        priority: null,
      };
      return true;
    case 'DisplayPriNotify':
    case 'DisplayPriNotifyV2':
      state.notify = {
        raw: m.notify,
        text: decodeDisplayText(m.notify),
        timeout: m.timeOutValue,
        priority: m.priority,
      };
      return true;
    case 'ClearNotify':
    case 'ClearPriNotify':
      state.notify = null;
      return true;
    case 'SetRinger':
      state.ringer = nameOr(RingModeName, m.ringMode);
      return true;
    case 'SetLamp': {
      const lamp = nameOr(LampModeName, m.lampMode);
      if (m.stimulus === DeviceStimulus.Line) lineOf(state, m.stimulusInstance).lamp = lamp;
      else state.lamps[`${nameOr(DeviceStimulusName, m.stimulus)}:${m.stimulusInstance}`] = lamp;
      return true;
    }
    case 'SetSpeakerMode':
      state.speaker = m.speakerMode === SpeakerMode.On ? 'on' : 'off';
      return true;
    case 'StartTone':
      state.tone = {
        tone: nameOr(DeviceToneName, m.tone),
        code: m.tone,
        lineInstance: m.lineInstance,
        callReference: m.callReference,
      };
      return true;
    case 'StopTone':
      state.tone = null;
      return true;
    case 'ActivateCallPlane':
      state.activeLine = m.lineInstance;
      return true;
    case 'DeactivateCallPlane':
      state.activeLine = null;
      return true;
    case 'DialedNumber':
      state.dialedNumber = m.dialedNumber;
      return true;
    case 'Reset':
      state.lastResetType = enumName(DeviceResetType, m.resetType) ?? `Unknown(${m.resetType})`;
      return true;
    case 'StartMediaTransmission':
      state.media.transmit[String(m.passThroughPartyId)] = {
        passThroughPartyId: m.passThroughPartyId,
        conferenceId: m.conferenceId,
        callReference: m.callReference,
        compressionType: m.compressionType,
        packetMs: m.milliSecondPacketSize,
        remoteIp: m.remoteIpAddr,
        remotePort: m.remotePortNumber,
      };
      return true;
    case 'StopMediaTransmission':
      return removeKey(state.media.transmit, m.passThroughPartyId);
    case 'CloseReceiveChannel':
      return removeKey(state.media.receive, m.passThroughPartyId);
    default:
      return false;
  }
}

function removeKey(record: Record<string, unknown>, key: number): boolean {
  if (record[String(key)] === undefined) return false;
  delete record[String(key)];
  return true;
}
