#!/usr/bin/env python3
"""Independent SCCP (Skinny) phone client, for conformance checks of the simulated CME.

INDEPENDENCE: this file was written only from the public protocol description in the
project's protocol reference digest (Wireshark packet-skinny, with its companion
message layouts Wireshark's SkinnyProtocolOptimized.xml and enums Wireshark's SkinnyProtocolOptimized.xml, which
are derived from Wireshark's SkinnyProtocolOptimized.xml, chan-sccp, chan_skinny and the
pyskinny CUCM fixtures). It does NOT read, import or share code or tables with the
project's TypeScript SCCP codec; its framing, message ids and layouts are its own. A bug
shared by both sides would therefore have to be a misreading of the public description.

Python 3 standard library only (socket, struct, threading, json).

Usage:
  sccp_client.py --host H --port P --mac MAC script STEP...
      STEP is one of: register | offhook | onhook | dial:DIGITS | keepalive | unregister
                      | sleep:SECONDS | settle | wait:NAME[:FIELD=VALUE,...]
  sccp_client.py --host H --port P --mac MAC drive
      reads one JSON command per line on stdin, e.g. {"cmd":"dial","digits":"202"}
      (cmd = register | offhook | onhook | dial | keepalive | unregister | sleep | settle
       | wait | quit; optional "id" is echoed back, "line" and "ref" override defaults)

Output: JSON lines on stdout. Every message received is printed as
  {"event":"recv","seq":N,"id":"0x0111","name":"CallState","hv":0,"fields":{...}}
every message sent as {"event":"sent",...}; each command ends with
  {"event":"done","cmd":...} or {"event":"error","code":...,"message":...}.
Exit status: 0 on success, 1 when a step failed (timeout, reject, connection lost),
2 on bad command-line input.
"""

import argparse
import json
import socket
import struct
import sys
import threading
import time

# --- Message ids (Wireshark's SkinnyProtocolOptimized.xml, Wireshark packet-skinny (header versions)) ------

# Phone -> server
KEEPALIVE_REQ = 0x0000
REGISTER_REQ = 0x0001
KEYPAD_BUTTON = 0x0003
OFFHOOK = 0x0006
ONHOOK = 0x0007
LINE_STAT_REQ = 0x000B
TIME_DATE_REQ = 0x000D
BUTTON_TEMPLATE_REQ = 0x000E
CAPABILITIES_RES = 0x0010
OPEN_RECEIVE_CHANNEL_ACK = 0x0022
SOFTKEY_SET_REQ = 0x0025
UNREGISTER_REQ = 0x0027
SOFTKEY_TEMPLATE_REQ = 0x0028

# Server -> phone
REGISTER_ACK = 0x0081
START_TONE = 0x0082
STOP_TONE = 0x0083
SET_RINGER = 0x0085
SET_LAMP = 0x0086
SET_SPEAKER_MODE = 0x0088
START_MEDIA_TRANSMISSION = 0x008A
STOP_MEDIA_TRANSMISSION = 0x008B
CALL_INFO = 0x008F
FORWARD_STAT_RES = 0x0090
SPEED_DIAL_STAT_RES = 0x0091
LINE_STAT_RES = 0x0092
CONFIG_STAT_RES = 0x0093
TIME_DATE_RES = 0x0094
BUTTON_TEMPLATE_RES = 0x0097
CAPABILITIES_REQ = 0x009B
REGISTER_REJECT = 0x009D
SERVER_RES = 0x009E
RESET = 0x009F
KEEPALIVE_ACK = 0x0100
OPEN_RECEIVE_CHANNEL = 0x0105
CLOSE_RECEIVE_CHANNEL = 0x0106
SOFTKEY_TEMPLATE_RES = 0x0108
SOFTKEY_SET_RES = 0x0109
SELECT_SOFTKEYS = 0x0110
CALL_STATE = 0x0111
DISPLAY_PROMPT_STATUS = 0x0112
CLEAR_PROMPT_STATUS = 0x0113
DISPLAY_NOTIFY = 0x0114
ACTIVATE_CALL_PLANE = 0x0116
DEACTIVATE_CALL_PLANE = 0x0117
UNREGISTER_ACK = 0x0118
DIALED_NUMBER = 0x011D
FEATURE_STAT_RES = 0x011F
DISPLAY_PRI_NOTIFY = 0x0120
DISPLAY_NOTIFY_V2 = 0x0143
DISPLAY_PRI_NOTIFY_V2 = 0x0144
DISPLAY_PROMPT_STATUS_V2 = 0x0145
LINE_STAT_V2_RES = 0x0147
CALL_INFO_V2 = 0x014A

NAMES = {
    KEEPALIVE_REQ: "KeepAliveReq",
    REGISTER_REQ: "RegisterReq",
    0x0002: "IpPort",
    KEYPAD_BUTTON: "KeypadButton",
    0x0005: "Stimulus",
    OFFHOOK: "OffHook",
    ONHOOK: "OnHook",
    LINE_STAT_REQ: "LineStatReq",
    0x000C: "ConfigStatReq",
    TIME_DATE_REQ: "TimeDateReq",
    BUTTON_TEMPLATE_REQ: "ButtonTemplateReq",
    CAPABILITIES_RES: "CapabilitiesRes",
    OPEN_RECEIVE_CHANNEL_ACK: "OpenReceiveChannelAck",
    SOFTKEY_SET_REQ: "SoftKeySetReq",
    0x0026: "SoftKeyEvent",
    UNREGISTER_REQ: "UnregisterReq",
    SOFTKEY_TEMPLATE_REQ: "SoftKeyTemplateReq",
    REGISTER_ACK: "RegisterAck",
    START_TONE: "StartTone",
    STOP_TONE: "StopTone",
    SET_RINGER: "SetRinger",
    SET_LAMP: "SetLamp",
    SET_SPEAKER_MODE: "SetSpeakerMode",
    START_MEDIA_TRANSMISSION: "StartMediaTransmission",
    STOP_MEDIA_TRANSMISSION: "StopMediaTransmission",
    CALL_INFO: "CallInfo",
    FORWARD_STAT_RES: "ForwardStatRes",
    SPEED_DIAL_STAT_RES: "SpeedDialStatRes",
    LINE_STAT_RES: "LineStatRes",
    CONFIG_STAT_RES: "ConfigStatRes",
    TIME_DATE_RES: "TimeDateRes",
    BUTTON_TEMPLATE_RES: "ButtonTemplateRes",
    CAPABILITIES_REQ: "CapabilitiesReq",
    REGISTER_REJECT: "RegisterReject",
    SERVER_RES: "ServerRes",
    RESET: "Reset",
    KEEPALIVE_ACK: "KeepAliveAck",
    OPEN_RECEIVE_CHANNEL: "OpenReceiveChannel",
    CLOSE_RECEIVE_CHANNEL: "CloseReceiveChannel",
    SOFTKEY_TEMPLATE_RES: "SoftKeyTemplateRes",
    SOFTKEY_SET_RES: "SoftKeySetRes",
    SELECT_SOFTKEYS: "SelectSoftKeys",
    CALL_STATE: "CallState",
    DISPLAY_PROMPT_STATUS: "DisplayPromptStatus",
    CLEAR_PROMPT_STATUS: "ClearPromptStatus",
    DISPLAY_NOTIFY: "DisplayNotify",
    ACTIVATE_CALL_PLANE: "ActivateCallPlane",
    DEACTIVATE_CALL_PLANE: "DeactivateCallPlane",
    UNREGISTER_ACK: "UnregisterAck",
    DIALED_NUMBER: "DialedNumber",
    FEATURE_STAT_RES: "FeatureStatRes",
    DISPLAY_PRI_NOTIFY: "DisplayPriNotify",
    DISPLAY_NOTIFY_V2: "DisplayNotifyV2",
    DISPLAY_PRI_NOTIFY_V2: "DisplayPriNotifyV2",
    DISPLAY_PROMPT_STATUS_V2: "DisplayPromptStatusV2",
    LINE_STAT_V2_RES: "LineStatV2Res",
    CALL_INFO_V2: "CallInfoV2",
}

# Wireshark's SkinnyProtocolOptimized.xml: DeviceType 7961G=30018 (the default --device-type)
DEVICE_TYPE_7961 = 30018
# Wireshark's SkinnyProtocolOptimized.xml: ButtonType Line=9
BUTTON_TYPE_LINE = 9
# sccp-protocol.md §6: Media_PayloadType 4 = G.711 u-law, 2 = G.711 A-law, 11 = G.729
CAPABILITIES = [(4, 40), (2, 40), (11, 60)]
# CapabilitiesRes caps: maxsize=18 entries of {payloadCapability u32, maxFramesPerPacket u32,
# 8-byte payload-parameter union} (skinny-messages.txt; the union is sized like the 8-byte
# g723 bitrate / codec-parameter words of the media messages).
CAPS_MAX = 18
CAP_UNION_SIZE = 8

# sccp-protocol.md §1: length counts message id + body; the whole packet is length + 8.
HEADER = struct.Struct("<III")
MAX_LENGTH = 64 * 1024


class ClientError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


# --- Framing ---------------------------------------------------------------------------


class FrameBuffer:
    """Reassembles SCCP frames from a TCP byte stream (sccp-protocol.md §1: several frames
    may share a segment and one frame may span segments)."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        self.buf += data
        frames = []
        while len(self.buf) >= 8:
            length, header_version = struct.unpack_from("<II", self.buf, 0)
            # sccp-protocol.md §1: Wireshark accepts length >= 4, chan-sccp refuses less.
            if length < 4 or length > MAX_LENGTH:
                raise ClientError("bad-frame", "frame length %d out of range" % length)
            total = length + 8
            if len(self.buf) < total:
                break
            (msg_id,) = struct.unpack_from("<I", self.buf, 8)
            body = self.buf[12:total]
            self.buf = self.buf[total:]
            frames.append((header_version, msg_id, body))
        return frames


def encode(msg_id, body=b"", header_version=0):
    return HEADER.pack(len(body) + 4, header_version, msg_id) + body


# --- Body readers ----------------------------------------------------------------------


class Body:
    """Reads little-endian fields; a missing tail reads as absent (sccp-protocol.md §1:
    bodies are often shorter than the newest layout)."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def has(self, n):
        return self.pos + n <= len(self.data)

    def u32(self):
        if not self.has(4):
            self.pos = len(self.data)
            return None
        (v,) = struct.unpack_from("<I", self.data, self.pos)
        self.pos += 4
        return v

    def u16(self):
        if not self.has(2):
            self.pos = len(self.data)
            return None
        (v,) = struct.unpack_from("<H", self.data, self.pos)
        self.pos += 2
        return v

    def u8(self):
        if not self.has(1):
            self.pos = len(self.data)
            return None
        v = self.data[self.pos]
        self.pos += 1
        return v

    def raw(self, n):
        v = self.data[self.pos : self.pos + n]
        self.pos = min(self.pos + n, len(self.data))
        return v

    def fixed_str(self, n):
        """Fixed-size NUL-padded char array; garbage after the NUL is ignored (§1)."""
        if self.pos >= len(self.data):
            self.pos = len(self.data)
            return None
        return text_of(self.raw(n))

    def cstr(self):
        """NUL-terminated string of the dynamic messages (§1)."""
        if self.pos >= len(self.data):
            return None
        end = self.data.find(b"\x00", self.pos)
        if end < 0:
            end = len(self.data)
        v = self.data[self.pos : end].decode("latin-1")
        self.pos = min(end + 1, len(self.data))
        return v

    def ipv4(self):
        v = self.raw(4)
        return ".".join(str(b) for b in v) if len(v) == 4 else None


def text_of(raw):
    end = raw.find(b"\x00")
    if end >= 0:
        raw = raw[:end]
    return raw.decode("latin-1")


def display_text(fields, key, text):
    """Display text may carry a localized label as 0x80 <label#> (§8); keep the raw text
    and also split the first label out so callers can check it."""
    fields[key] = text
    if text is None:
        return
    fields[key + "Hex"] = text.encode("latin-1").hex()
    if len(text) >= 2 and text[0] == "\x80":
        fields["label"] = ord(text[1])
        fields["labelRest"] = text[2:]


def decode(msg_id, data):
    """Decodes the key fields of the messages this client knows."""
    b = Body(data)
    f = {}
    if msg_id == REGISTER_ACK:
        f["keepAliveInterval"] = b.u32()
        f["dateTemplate"] = b.fixed_str(6)
        b.u16()
        f["secondaryKeepAliveInterval"] = b.u32()
        f["maxProtocolVer"] = b.u8()
    elif msg_id == REGISTER_REJECT:
        f["text"] = b.fixed_str(32)
    elif msg_id == CALL_STATE:
        f["state"] = b.u32()
        f["line"] = b.u32()
        f["ref"] = b.u32()
        f["privacy"] = b.u32()
        f["precedenceLevel"] = b.u32()
        f["precedenceDomain"] = b.u32()
    elif msg_id == SET_RINGER:
        f["mode"] = b.u32()
        f["duration"] = b.u32()
        f["line"] = b.u32()
        f["ref"] = b.u32()
    elif msg_id == SET_LAMP:
        f["stimulus"] = b.u32()
        f["instance"] = b.u32()
        f["mode"] = b.u32()
    elif msg_id == SET_SPEAKER_MODE:
        f["mode"] = b.u32()
    elif msg_id == START_TONE:
        f["tone"] = b.u32()
        f["direction"] = b.u32()
        f["line"] = b.u32()
        f["ref"] = b.u32()
    elif msg_id == STOP_TONE:
        f["line"] = b.u32()
        f["ref"] = b.u32()
        f["tone"] = b.u32()
    elif msg_id == SELECT_SOFTKEYS:
        f["line"] = b.u32()
        f["ref"] = b.u32()
        f["set"] = b.u32()
        f["mask"] = b.u32()
    elif msg_id == DISPLAY_PROMPT_STATUS:
        f["timeout"] = b.u32()
        display_text(f, "text", b.fixed_str(32))
        f["line"] = b.u32()
        f["ref"] = b.u32()
    elif msg_id == DISPLAY_PROMPT_STATUS_V2:
        f["timeout"] = b.u32()
        f["line"] = b.u32()
        f["ref"] = b.u32()
        display_text(f, "text", b.cstr())
    elif msg_id == CLEAR_PROMPT_STATUS:
        f["line"] = b.u32()
        f["ref"] = b.u32()
    elif msg_id == DISPLAY_NOTIFY:
        f["timeout"] = b.u32()
        display_text(f, "text", b.fixed_str(32))
    elif msg_id == DISPLAY_NOTIFY_V2:
        f["timeout"] = b.u32()
        display_text(f, "text", b.cstr())
    elif msg_id == DISPLAY_PRI_NOTIFY:
        # sccp-protocol.md §6 frame 135: DisplayPriNotify(timeout, priority, text)
        f["timeout"] = b.u32()
        f["priority"] = b.u32()
        display_text(f, "text", b.fixed_str(32))
    elif msg_id == DISPLAY_PRI_NOTIFY_V2:
        f["timeout"] = b.u32()
        f["priority"] = b.u32()
        display_text(f, "text", b.cstr())
    elif msg_id == ACTIVATE_CALL_PLANE:
        f["line"] = b.u32()
    elif msg_id == CALL_INFO:
        f["callingPartyName"] = b.fixed_str(40)
        f["callingParty"] = b.fixed_str(24)
        f["calledPartyName"] = b.fixed_str(40)
        f["calledParty"] = b.fixed_str(24)
        f["line"] = b.u32()
        f["ref"] = b.u32()
        f["callType"] = b.u32()
    elif msg_id == CALL_INFO_V2:
        f["line"] = b.u32()
        f["ref"] = b.u32()
        f["callType"] = b.u32()
        for _ in range(5):
            b.u32()
        numbers = [b.cstr() for _ in range(9)]
        names = [b.cstr() for _ in range(4)]
        f["callingParty"] = numbers[0]
        f["calledParty"] = numbers[2]
        f["callingPartyName"] = names[0]
        f["calledPartyName"] = names[1]
    elif msg_id == BUTTON_TEMPLATE_RES:
        f["offset"] = b.u32()
        f["count"] = b.u32()
        f["total"] = b.u32()
        buttons = []
        for _ in range(min(f["count"] or 0, 42)):
            inst, kind = b.u8(), b.u8()
            if inst is None or kind is None:
                break
            buttons.append({"instance": inst, "type": kind})
        f["buttons"] = buttons
    elif msg_id == LINE_STAT_RES:
        f["lineNumber"] = b.u32()
        f["dirNumber"] = b.fixed_str(24)
        f["displayName"] = b.fixed_str(40)
        f["label"] = b.fixed_str(40)
    elif msg_id == LINE_STAT_V2_RES:
        f["lineNumber"] = b.u32()
        f["lineType"] = b.u32()
        f["dirNumber"] = b.cstr()
        f["displayName"] = b.cstr()
        f["label"] = b.cstr()
    elif msg_id == TIME_DATE_RES:
        for k in ("year", "month", "dayOfWeek", "day", "hour", "minute", "second", "ms", "systemTime"):
            f[k] = b.u32()
    elif msg_id == CONFIG_STAT_RES:
        f["deviceName"] = b.fixed_str(16)
        b.u32()
        b.u32()
        f["userName"] = b.fixed_str(40)
        f["serverName"] = b.fixed_str(40)
        f["numberOfLines"] = b.u32()
        f["numberOfSpeedDials"] = b.u32()
    elif msg_id == SOFTKEY_TEMPLATE_RES:
        f["offset"] = b.u32()
        f["count"] = b.u32()
        f["total"] = b.u32()
    elif msg_id == SOFTKEY_SET_RES:
        f["offset"] = b.u32()
        f["count"] = b.u32()
        f["total"] = b.u32()
    elif msg_id in (OPEN_RECEIVE_CHANNEL,):
        f["conferenceId"] = b.u32()
        f["passThruPartyId"] = b.u32()
        f["packetMs"] = b.u32()
        f["compression"] = b.u32()
        b.u32()
        b.u32()
        f["ref"] = b.u32()
    elif msg_id == START_MEDIA_TRANSMISSION:
        f["conferenceId"] = b.u32()
        f["passThruPartyId"] = b.u32()
        f["remoteIp"] = b.ipv4()
        f["remotePort"] = b.u32()
    elif msg_id in (STOP_MEDIA_TRANSMISSION, CLOSE_RECEIVE_CHANNEL):
        f["conferenceId"] = b.u32()
        f["passThruPartyId"] = b.u32()
        f["ref"] = b.u32()
    elif msg_id == DIALED_NUMBER:
        f["number"] = b.fixed_str(24)
        f["line"] = b.u32()
        f["ref"] = b.u32()
    elif msg_id in (RESET, UNREGISTER_ACK):
        f["value"] = b.u32()
    return {k: v for k, v in f.items() if v is not None}


# --- The phone -------------------------------------------------------------------------


def parse_mac(text):
    mac = "".join(ch for ch in text if ch not in ".:-").upper()
    if len(mac) != 12 or any(ch not in "0123456789ABCDEF" for ch in mac):
        raise ClientError("bad-mac", "MAC must be 12 hex digits (dots, colons, dashes allowed): %r" % text)
    return mac


class Phone:
    def __init__(self, host, port, mac, protocol_version, out, device_type=DEVICE_TYPE_7961):
        self.host = host
        self.port = port
        self.mac = mac
        self.protocol_version = protocol_version
        self.device_type = device_type
        self.out = out
        self.sock = None
        self.frames = FrameBuffer()
        self.received = []  # (seq, msg_id, fields)
        self.cond = threading.Condition()
        self.closed = None  # reason once the connection ends
        self.lines = []
        self.call_refs = {}  # line -> last callReference seen in CallState

    # Output
    def emit(self, obj):
        self.out(obj)

    # Connection
    def connect(self, timeout):
        try:
            self.sock = socket.create_connection((self.host, self.port), timeout=timeout)
        except OSError as err:
            raise ClientError("connect-failed", "cannot connect to %s:%d: %s" % (self.host, self.port, err))
        self.sock.settimeout(None)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=self.reader, daemon=True).start()
        self.emit({"event": "connected", "host": self.host, "port": self.port, "local": self.sock.getsockname()[1]})

    def reader(self):
        reason = "closed by peer"
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    break
                for hv, msg_id, body in self.frames.feed(data):
                    self.on_frame(hv, msg_id, body)
        except ClientError as err:
            reason = err.code + ": " + str(err)
            self.emit({"event": "error", "code": err.code, "message": str(err)})
        except OSError as err:
            reason = "socket error: %s" % err
        with self.cond:
            self.closed = reason
            self.cond.notify_all()
        self.emit({"event": "closed", "reason": reason})

    def on_frame(self, hv, msg_id, body):
        fields = decode(msg_id, body)
        with self.cond:
            seq = len(self.received)
            self.received.append((seq, msg_id, fields))
            if msg_id == CALL_STATE and "line" in fields and "ref" in fields:
                self.call_refs[fields["line"]] = fields["ref"]
            self.cond.notify_all()
        event = {"event": "recv", "seq": seq, "id": "0x%04X" % msg_id, "hv": hv, "len": len(body)}
        if msg_id in NAMES:
            event["name"] = NAMES[msg_id]
        event["fields"] = fields
        self.emit(event)
        # sccp-protocol.md §4: a KeepAliveReq is answered with KeepAliveAck.
        if msg_id == KEEPALIVE_REQ:
            self.send(KEEPALIVE_ACK)
        # sccp-protocol.md §6 frame 155: the phone answers OpenReceiveChannel with
        # OpenReceiveChannelAck(status 0, ip, port, passThruPartyId, callRef).
        elif msg_id == OPEN_RECEIVE_CHANNEL:
            ip = socket.inet_aton(self.sock.getsockname()[0])
            ack = struct.pack("<I", 0) + ip + struct.pack(
                "<III", 16384, fields.get("passThruPartyId", 0), fields.get("ref", 0)
            )
            self.send(OPEN_RECEIVE_CHANNEL_ACK, ack)

    def send(self, msg_id, body=b""):
        if self.sock is None:
            raise ClientError("not-connected", "not connected")
        try:
            self.sock.sendall(encode(msg_id, body))
        except OSError as err:
            raise ClientError("send-failed", "send failed: %s" % err)
        self.emit({"event": "sent", "id": "0x%04X" % msg_id, "name": NAMES.get(msg_id, "?"), "len": len(body)})

    def mark(self):
        with self.cond:
            return len(self.received)

    def wait_for(self, pred, since, timeout, what):
        """Waits for the first received message at index >= since matching pred."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for seq, msg_id, fields in self.received[since:]:
                    if pred(msg_id, fields):
                        return seq, msg_id, fields
                if self.closed is not None:
                    raise ClientError("closed", "connection closed (%s) while waiting for %s" % (self.closed, what))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ClientError("timeout", "no %s within %.1f s" % (what, timeout))
                self.cond.wait(left)

    def settle(self, quiet, limit):
        """Waits until nothing has arrived for `quiet` seconds (at most `limit` seconds)."""
        deadline = time.monotonic() + limit
        with self.cond:
            count = len(self.received)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self.cond.wait(min(quiet, left))
                if len(self.received) == count:
                    return
                count = len(self.received)

    # Registration (sccp-protocol.md §3)
    def register_req_body(self):
        name = ("SEP" + self.mac).encode("ascii")
        ip = socket.inet_aton(self.sock.getsockname()[0])
        body = name.ljust(16, b"\x00")
        body += struct.pack("<II", 0, 1)  # userId, instance
        body += ip  # stationIpAddr: 4 raw bytes, network order (§1)
        body += struct.pack("<II", self.device_type, 5)  # deviceType, maxStreams
        # size_gt=52 group: activeStreams, protocolVer u8, unknown u8, phoneFeatures u16,
        # maxConferences. Wireshark's size_gt counts the length word (4 + body), so a body of
        # exactly 48 bytes would leave protocolVer undissected: send the size_gt=100 group too.
        body += struct.pack("<IBBHI", 0, self.protocol_version, 0, 0, 0)
        # size_gt=100 group: activeConferences, macAddress (ether, 12-byte slot: 6 MAC bytes +
        # padding), ipV4AddressScope, maxNumberOfLines, stationIpV6Addr[16], ipV6AddressScope,
        # firmwareLoadName[32].
        body += struct.pack("<I", 0) + bytes.fromhex(self.mac) + b"\x00" * 6
        body += struct.pack("<II", 0, 1) + b"\x00" * 16 + struct.pack("<I", 0)
        body += b"ctilab-independent".ljust(32, b"\x00")
        return body

    def capabilities_body(self):
        body = struct.pack("<I", len(CAPABILITIES))
        for i in range(CAPS_MAX):
            if i < len(CAPABILITIES):
                payload, frames = CAPABILITIES[i]
                body += struct.pack("<II", payload, frames) + b"\x00" * CAP_UNION_SIZE
            else:
                body += b"\x00" * (8 + CAP_UNION_SIZE)
        return body

    def register(self, timeout):
        since = self.mark()
        self.send(REGISTER_REQ, self.register_req_body())
        seq, msg_id, fields = self.wait_for(
            lambda m, f: m in (REGISTER_ACK, REGISTER_REJECT), since, timeout, "RegisterAck"
        )
        if msg_id == REGISTER_REJECT:
            raise ClientError("rejected", "RegisterReject: %s" % fields.get("text", ""))
        ack = fields
        # §3: CapabilitiesReq follows RegisterAck immediately.
        cap_seq, _, _ = self.wait_for(lambda m, f: m == CAPABILITIES_REQ, since, timeout, "CapabilitiesReq")
        if cap_seq < seq:
            raise ClientError("order", "CapabilitiesReq arrived before RegisterAck")
        self.send(CAPABILITIES_RES, self.capabilities_body())
        after_caps = self.mark()
        self.send(BUTTON_TEMPLATE_REQ)
        self.send(SOFTKEY_TEMPLATE_REQ)
        self.send(SOFTKEY_SET_REQ)
        _, _, buttons = self.wait_for(
            lambda m, f: m == BUTTON_TEMPLATE_RES, after_caps, timeout, "ButtonTemplateRes"
        )
        line_instances = [b["instance"] for b in buttons.get("buttons", []) if b["type"] == BUTTON_TYPE_LINE]
        for inst in line_instances or [1]:
            self.send(LINE_STAT_REQ, struct.pack("<I", inst))
        self.send(TIME_DATE_REQ)
        self.wait_for(lambda m, f: m == TIME_DATE_RES, after_caps, timeout, "TimeDateRes")
        self.lines = []
        for inst in line_instances or [1]:
            try:
                _, _, stat = self.wait_for(
                    lambda m, f, i=inst: m in (LINE_STAT_RES, LINE_STAT_V2_RES) and f.get("lineNumber") == i,
                    after_caps,
                    timeout,
                    "LineStatRes for line %d" % inst,
                )
                self.lines.append({"instance": inst, "dirNumber": stat.get("dirNumber")})
            except ClientError:
                self.lines.append({"instance": inst, "dirNumber": None})
        return {
            "keepAliveInterval": ack.get("keepAliveInterval"),
            "maxProtocolVer": ack.get("maxProtocolVer"),
            "lines": self.lines,
        }

    # Call actions
    def default_line(self):
        return self.lines[0]["instance"] if self.lines else 1

    def offhook(self, line, ref):
        # skinny-messages.txt: OffHook lineInstance, callReference (size_gt=4)
        self.send(OFFHOOK, struct.pack("<II", line, ref))

    def onhook(self, line, ref):
        self.send(ONHOOK, struct.pack("<II", line, ref))

    def dial(self, digits, line, ref):
        # skinny-enums.txt KeyPadButton: 0-9, Star=14, Pound=15
        codes = {"*": 14, "#": 15}
        codes.update({str(d): d for d in range(10)})
        bad = [ch for ch in digits if ch not in codes]
        if bad:
            raise ClientError("bad-digits", "cannot dial %r" % "".join(bad))
        for ch in digits:
            self.send(KEYPAD_BUTTON, struct.pack("<III", codes[ch], line, ref))

    def close(self):
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()


# --- Commands --------------------------------------------------------------------------


def matcher(spec):
    """{"name": "CallState", "id": "0x0111", "fields": {"state": 4}} -> predicate."""
    want_name = spec.get("name")
    want_id = spec.get("id")
    if isinstance(want_id, str):
        want_id = int(want_id, 16)
    want_fields = spec.get("fields", {})

    def pred(msg_id, fields):
        if want_name is not None and NAMES.get(msg_id) != want_name:
            return False
        if want_id is not None and msg_id != want_id:
            return False
        return all(fields.get(k) == v for k, v in want_fields.items())

    return pred


def run_command(phone, cmd, state):
    name = cmd.get("cmd")
    timeout = float(cmd.get("timeout", 5))
    line = cmd.get("line")
    if name == "register":
        result = phone.register(timeout)
        state["since"] = phone.mark()
        return {"registered": True, **result}
    if line is None:
        line = phone.default_line()
    if not isinstance(line, int) or line < 0:
        raise ClientError("bad-command", "line must be a non-negative integer")
    ref = cmd.get("ref")
    if ref is None:
        ref = phone.call_refs.get(line, 0)
    if not isinstance(ref, int) or ref < 0:
        raise ClientError("bad-command", "ref must be a non-negative integer")
    if name == "offhook":
        state["since"] = phone.mark()
        phone.offhook(line, int(cmd.get("ref", 0)))
        return {"line": line}
    if name == "onhook":
        state["since"] = phone.mark()
        phone.onhook(line, ref)
        return {"line": line, "ref": ref}
    if name == "dial":
        digits = cmd.get("digits")
        if not isinstance(digits, str) or digits == "":
            raise ClientError("bad-command", "dial needs a non-empty digits string")
        state["since"] = phone.mark()
        phone.dial(digits, line, ref)
        return {"line": line, "ref": ref, "digits": digits}
    if name == "keepalive":
        since = phone.mark()
        phone.send(KEEPALIVE_REQ)
        phone.wait_for(lambda m, f: m == KEEPALIVE_ACK, since, timeout, "KeepAliveAck")
        return {}
    if name == "unregister":
        since = phone.mark()
        phone.send(UNREGISTER_REQ)
        _, _, f = phone.wait_for(lambda m, f: m == UNREGISTER_ACK, since, timeout, "UnregisterAck")
        return {"status": f.get("value")}
    if name == "sleep":
        time.sleep(max(0.0, min(float(cmd.get("seconds", 0)), 60.0)))
        return {}
    if name == "settle":
        phone.settle(float(cmd.get("quiet", 0.3)), timeout)
        return {"seq": phone.mark()}
    if name == "wait":
        spec = cmd.get("for")
        if not isinstance(spec, dict):
            raise ClientError("bad-command", 'wait needs "for": {"name"|"id", "fields"}')
        since = cmd.get("since", state.get("since", 0))
        seq, msg_id, fields = phone.wait_for(matcher(spec), since, timeout, json.dumps(spec))
        state["since"] = seq + 1
        return {"seq": seq, "id": "0x%04X" % msg_id, "fields": fields}
    raise ClientError("bad-command", "unknown command %r" % name)


def parse_step(step):
    """Script step text -> command dict."""
    head, _, rest = step.partition(":")
    if head in ("register", "offhook", "onhook", "keepalive", "unregister", "settle") and rest == "":
        return {"cmd": head}
    if head == "dial" and rest:
        return {"cmd": "dial", "digits": rest}
    if head == "sleep" and rest:
        return {"cmd": "sleep", "seconds": float(rest)}
    if head == "wait" and rest:
        msg, _, conds = rest.partition(":")
        fields = {}
        for cond in filter(None, conds.split(",")):
            k, eq, v = cond.partition("=")
            if not eq:
                raise ValueError("bad condition %r" % cond)
            fields[k] = int(v, 0) if v.lstrip("-").isdigit() or v.startswith("0x") else v
        spec = {"id": msg} if msg.startswith("0x") else {"name": msg}
        spec["fields"] = fields
        return {"cmd": "wait", "for": spec}
    raise ValueError("bad step %r" % step)


def main(argv):
    lock = threading.Lock()

    def out(obj):
        with lock:
            sys.stdout.write(json.dumps(obj) + "\n")
            sys.stdout.flush()

    parser = argparse.ArgumentParser(description="Independent SCCP phone client (JSON-lines output)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2000)
    parser.add_argument("--mac", required=True)
    parser.add_argument("--protocol", type=int, default=5, help="protocolVer advertised in RegisterReq")
    parser.add_argument("--device-type", type=int, default=DEVICE_TYPE_7961,
                        help="deviceType sent in RegisterReq (skinny-enums.txt DeviceType; 7960 = 7)")
    parser.add_argument("--timeout", type=float, default=5.0, help="connect timeout in seconds")
    parser.add_argument("mode", choices=["script", "drive"])
    parser.add_argument("steps", nargs="*")
    args = parser.parse_args(argv)

    try:
        mac = parse_mac(args.mac)
        if not 0 < args.port < 65536:
            raise ClientError("bad-port", "port out of range: %d" % args.port)
        if not 0 <= args.protocol <= 255:
            raise ClientError("bad-protocol", "protocol version must fit a byte")
        if not 0 <= args.device_type <= 0xFFFFFFFF:
            raise ClientError("bad-device-type", "device type must fit 32 bits")
        commands = [parse_step(s) for s in args.steps] if args.mode == "script" else None
    except (ClientError, ValueError) as err:
        out({"event": "error", "code": getattr(err, "code", "bad-step"), "message": str(err)})
        return 2

    phone = Phone(args.host, args.port, mac, args.protocol, out, args.device_type)
    state = {"since": 0}
    try:
        phone.connect(args.timeout)
    except ClientError as err:
        out({"event": "error", "code": err.code, "message": str(err)})
        return 1

    def execute(cmd):
        try:
            result = run_command(phone, cmd, state)
            done = {"event": "done", "cmd": cmd.get("cmd"), **result}
            if "id" in cmd:
                done["ref_id"] = cmd["id"]
            out(done)
            return True
        except (ClientError, ValueError, TypeError) as err:
            error = {"event": "error", "cmd": cmd.get("cmd"), "code": getattr(err, "code", "bad-command"),
                     "message": str(err)}
            if "id" in cmd:
                error["ref_id"] = cmd["id"]
            out(error)
            return False

    status = 0
    try:
        if commands is not None:
            for cmd in commands:
                if not execute(cmd):
                    status = 1
                    break
        else:
            for raw in sys.stdin:
                raw = raw.strip()
                if raw == "":
                    continue
                try:
                    cmd = json.loads(raw)
                    if not isinstance(cmd, dict):
                        raise ValueError("a command is a JSON object")
                except ValueError as err:
                    out({"event": "error", "code": "bad-command", "message": str(err)})
                    continue
                if cmd.get("cmd") == "quit":
                    out({"event": "done", "cmd": "quit"})
                    break
                execute(cmd)
    finally:
        phone.close()
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
