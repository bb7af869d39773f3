/**
 * The observable state of a simulated SCCP phone: plain, JSON-serialisable data that Gherkin
 * steps and tests read (`phone.state`) and `waitFor` predicates test after every message.
 * Enumerated values are kept as their enum names (Wireshark's SkinnyProtocolOptimized.xml via enums.ts);
 * display texts keep the raw bytes and the decoded English text side by side.
 */
export interface PhoneServer {
  index: number;
  host: string;
  port: number;
}

export interface PhoneButton {
  /** Position in the template, from 0. */
  position: number;
  instance: number;
  type: number;
  typeName: string;
}

export interface PhoneCallInfo {
  callingParty: string;
  callingPartyName: string;
  calledParty: string;
  calledPartyName: string;
  originalCalledParty: string;
  originalCalledPartyName: string;
  lastRedirectingParty: string;
  lastRedirectingPartyName: string;
  callType: string;
  callInstance: number;
}

export interface PhoneCall {
  lineInstance: number;
  callReference: number;
  /** DCallState name ('OffHook', 'RingIn', 'Connected', ...) or null before the first CallState. */
  state: string | null;
  callInfo: PhoneCallInfo | null;
  /** SoftKeySet name from the last SelectSoftKeys for this call. */
  softKeySet: string | null;
  validKeyMask: number | null;
  /** Decoded prompt from the last DisplayPromptStatus(V2) for this call. */
  prompt: string | null;
  privacy: number;
  precedenceLevel: number;
}

export interface PhoneLine {
  lineInstance: number;
  dirNumber: string;
  displayName: string;
  label: string;
  /** LampMode name of the Line lamp ('Off', 'On', 'Blink', ...). */
  lamp: string;
  /** Calls on this line keyed by callReference (decimal string). */
  calls: Record<string, PhoneCall>;
}

export interface PhoneText {
  /** As sent, `\x80 <n>` labels included. */
  raw: string;
  /** What the screen shows (labels decoded). */
  text: string;
  timeout: number;
}

export interface PhonePrompt extends PhoneText {
  lineInstance: number;
  callReference: number;
}

export interface PhoneNotify extends PhoneText {
  /** Present for DisplayPriNotify. */
  priority: number | null;
}

export interface PhoneTone {
  tone: string;
  code: number;
  lineInstance: number;
  callReference: number;
}

export interface PhoneReceiveChannel {
  passThroughPartyId: number;
  conferenceId: number;
  callReference: number;
  compressionType: number;
  packetMs: number;
  localIp: string;
  localPort: number;
}

export interface PhoneTransmitChannel {
  passThroughPartyId: number;
  conferenceId: number;
  callReference: number;
  compressionType: number;
  packetMs: number;
  remoteIp: string;
  remotePort: number;
}

export interface PhoneSoftKey {
  /** As sent (may be a `\x80 <n>` label). */
  label: string;
  /** Decoded label text ('NewCall', 'Answer', ...). */
  name: string;
  event: number;
}

export interface PhoneSoftKeySet {
  index: number;
  name: string;
  /** Template indexes (1-based into softKeyTemplate) of the keys in this set. */
  templateIndexes: number[];
  /** The keys' names via softKeyTemplate (empty string for an index the template lacks). */
  keys: string[];
}

export interface PhoneSelectedSoftKeys {
  lineInstance: number;
  callReference: number;
  softKeySet: string;
  validKeyMask: number;
}

export interface PhoneConfig {
  userName: string;
  serverName: string;
  numberOfLines: number;
  numberOfSpeedDials: number;
}

export interface PhoneTimeDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  systemTime: number;
}

export interface PhoneState {
  deviceName: string;
  registered: boolean;
  /** Index into the call-manager list of the server the phone is registered (or registering) to. */
  serverIndex: number | null;
  server: PhoneServer | null;
  /** Protocol version agreed in RegisterAck (min of ours and maxProtocolVer). */
  protocolVersion: number | null;
  keepAliveInterval: number | null;
  secondaryKeepAliveInterval: number | null;
  dateTemplate: string | null;
  buttons: PhoneButton[];
  /** Keyed by lineInstance (decimal string). */
  lines: Record<string, PhoneLine>;
  /** Lamps of non-line buttons keyed `<DeviceStimulus name>:<instance>`. */
  lamps: Record<string, string>;
  prompt: PhonePrompt | null;
  notify: PhoneNotify | null;
  /** RingMode name. */
  ringer: string;
  speaker: 'on' | 'off';
  tone: PhoneTone | null;
  activeLine: number | null;
  media: {
    receive: Record<string, PhoneReceiveChannel>;
    transmit: Record<string, PhoneTransmitChannel>;
  };
  softKeyTemplate: PhoneSoftKey[];
  softKeySets: PhoneSoftKeySet[];
  selectedSoftKeys: PhoneSelectedSoftKeys | null;
  config: PhoneConfig | null;
  timeDate: PhoneTimeDate | null;
  /** Last DialedNumber text, if the server echoed one. */
  dialedNumber: string | null;
  /** DeviceResetType name from the last Reset. */
  lastResetType: string | null;
}

export function initialPhoneState(deviceName: string): PhoneState {
  return {
    deviceName,
    registered: false,
    serverIndex: null,
    server: null,
    protocolVersion: null,
    keepAliveInterval: null,
    secondaryKeepAliveInterval: null,
    dateTemplate: null,
    buttons: [],
    lines: {},
    lamps: {},
    prompt: null,
    notify: null,
    ringer: 'RingOff',
    speaker: 'off',
    tone: null,
    activeLine: null,
    media: { receive: {}, transmit: {} },
    softKeyTemplate: [],
    softKeySets: [],
    selectedSoftKeys: null,
    config: null,
    timeDate: null,
    dialedNumber: null,
    lastResetType: null,
  };
}

/** Forget everything learnt from a server (before registering with another one); lastResetType survives. */
export function resetServerState(state: PhoneState): void {
  const fresh = initialPhoneState(state.deviceName);
  Object.assign(state, fresh, { lastResetType: state.lastResetType });
}

/** Every call on every line, flattened. */
export function allCalls(state: PhoneState): PhoneCall[] {
  return Object.values(state.lines).flatMap((line) => Object.values(line.calls));
}

/** Call states in which the phone has no call in progress (reference §7 DCallState). */
const INACTIVE_STATES = new Set(['OnHook', 'Idle', 'CallRemoteMultiline']);

/** True when any call is in progress (used to hold back token fallback, reference §5). */
export function hasActiveCall(state: PhoneState): boolean {
  return allCalls(state).some((c) => c.state !== null && !INACTIVE_STATES.has(c.state));
}
