/**
 * Generates the Wireshark Lua dissector of GED-188 (Cisco UCCE CTI Server protocol) from the
 * dissector tables (`../dissector-table.ts`): message names, fixed layouts, floating tags and value
 * strings per protocol version come from the catalogue; the decoding logic is the fixed Lua below.
 * Pure: returns the plugin's text; `npm run dissector:lua` (bin/dissector-lua.ts) writes it to
 * {@link LUA_PLUGIN_PATH}. A test checks the committed file equals this output.
 *
 * Wire format (Cisco "CTI Server Message Reference Guide (Protocol Version 15)", chapter 3
 * "Message Conventions"): MHDR = MessageLength UINT (bytes after the header) + MessageType UINT,
 * big-endian; fixed part; floating fields tag + length + data, tag/length one byte each up to v19
 * and two from v20 (see `../protocol-version.ts`).
 */

import { type DissectorTable, dissectorTables } from '../dissector-table.ts';
import { AgentStateMask, CallMsgMask, ConfigMsgMask, PGStatus, ServiceMask } from '../enums.ts';
import { DEFAULT_MAX_MESSAGE_SIZE, NEWEST_VERSION } from '../protocol-version.ts';

/** Where the generated plugin lives, relative to the repository root. */
export const LUA_PLUGIN_PATH = 'wireshark/ged188.lua';

/** Default CTI Server ports: side A 42027, side B 43027 (uccertweb defaults). */
export const DEFAULT_PORTS = [42027, 43027] as const;

/** Bit-mask fixed fields, shown as bitfields (guide v15 tables "ServicesMask", "CallMsgMask", ...). */
export const MASK_FIELDS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  ServicesRequested: ServiceMask,
  ServicesGranted: ServiceMask,
  CallMsgMask,
  AgentStateMask,
  ConfigMsgMask,
  PGStatus,
};

/** A Lua string literal of ASCII text. */
function lua(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c > 0x7e) throw new Error(`non-ASCII text in the dissector table: ${JSON.stringify(s)}`);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20) out += `\\${c.toString().padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** `{ [k] = "v", ... }` of a value-string table, by ascending number. */
function valueTable(values: Readonly<Record<string, string>>, indent: string): string {
  const rows = Object.entries(values)
    .map(([k, v]) => [Number(k), v] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([k, v]) => `${indent}  [${k}] = ${lua(v)},`);
  return `{\n${rows.join('\n')}\n${indent}}`;
}

function fixedFieldDefs(tables: readonly DissectorTable[]): string {
  const seen = new Map<string, string>();
  for (const t of tables)
    for (const m of t.messages)
      for (const f of m.fixed) {
        const row = `  ${f.name} = { ${lua(f.type)}, ${f.values === undefined ? 'nil' : lua(f.values)} },`;
        const before = seen.get(f.name);
        if (before !== undefined && before !== row)
          throw new Error(`fixed field ${f.name} has two types: ${before} / ${row}`);
        seen.set(f.name, row);
      }
  return [...seen.keys()]
    .sort()
    .map((k) => seen.get(k)!)
    .join('\n');
}

function tagDefs(tables: readonly DissectorTable[]): string {
  const seen = new Map<number, string>();
  for (const t of tables)
    for (const tag of t.tags)
      seen.set(tag.tag, `  [${tag.tag}] = { ${lua(tag.name)}, ${lua(tag.type)}, ${tag.maxSize} },`);
  return [...seen.keys()]
    .sort((a, b) => a - b)
    .map((k) => seen.get(k)!)
    .join('\n');
}

function maskDefs(): string {
  return Object.entries(MASK_FIELDS)
    .map(([field, bits]) => {
      const rows = Object.entries(bits)
        .filter(([, v]) => v !== 0)
        .sort((a, b) => a[1] - b[1])
        .map(([name, v]) => `    { ${lua(name)}, ${hex(v)} },`);
      return `  ${field} = {\n${rows.join('\n')}\n  },`;
    })
    .join('\n');
}

function layoutDefs(t: DissectorTable): string {
  const rows = t.messages.map((m) => {
    const fixed = m.fixed.map((f) => `{ ${lua(f.name)}, ${f.size} }`).join(', ');
    const floating = m.floating
      .map((f) => `[${f.tag}] = ${f.required ? (f.repeats ? '3' : '1') : f.repeats ? '2' : '0'}`)
      .join(', ');
    return `    [${m.id}] = { ${lua(m.name)}, { ${fixed} }, { ${floating} } },`;
  });
  return `  [${t.version}] = {\n    width = ${t.floatingHeaderWidth},\n    header = ${t.headerSize},\n    messages = {\n${rows.map((r) => `  ${r}`).join('\n')}\n    },\n  },`;
}

function messageNames(tables: readonly DissectorTable[]): string {
  const names = new Map<number, string>();
  for (const t of tables) for (const m of t.messages) names.set(m.id, m.name);
  return valueTable(Object.fromEntries([...names].map(([k, v]) => [String(k), v])), '');
}

/** The Lua plugin text for `tables` (default: every version the lab speaks). */
export function generateLua(tables: readonly DissectorTable[] = dissectorTables()): string {
  const versions = tables.map((t) => t.version).sort((a, b) => a - b);
  const valueStrings = tables[0]?.valueStrings ?? {};
  const vs = Object.keys(valueStrings)
    .sort()
    .map((k) => `  ${k} = ${valueTable(valueStrings[k]!, '  ')},`)
    .join('\n');
  return `${HEAD}
local VERSIONS = { ${versions.join(', ')} }
local DEFAULT_VERSION = ${NEWEST_VERSION}
local DEFAULT_PORTS = ${lua(DEFAULT_PORTS.join(','))}
local MAX_MESSAGE_SIZE = ${DEFAULT_MAX_MESSAGE_SIZE}

-- Message type names (every version).
local MESSAGE_NAMES = ${messageNames(tables)}

-- Value strings of the enumerated fixed fields.
local VALUE_STRINGS = {
${vs}
}

-- Fixed fields: name = { type, value-string table }.
local FIXED = {
${fixedFieldDefs(tables)}
}

-- Bit-mask fixed fields: name = { { bit name, mask }, ... }.
local MASKS = {
${maskDefs()}
}

-- Floating tags: tag = { name, type, max size }.
local TAGS = {
${tagDefs(tables)}
}

-- Layouts per protocol version: width = floating tag/length bytes; messages[id] = { name,
-- { { fixed field, size }, ... }, { [tag] = rule } } with rule 0 optional, 1 required,
-- 2 optional and repeating, 3 required and repeating.
local LAYOUTS = {
${tables.map(layoutDefs).join('\n')}
}
${BODY}`;
}

const HEAD = `-- ged188.lua: Wireshark dissector for the Cisco UCCE CTI Server protocol (GED-188).
--
-- GENERATED by \`npm run dissector:lua\` (simulators/cti-server/dissector/generate-lua.ts) from the
-- lab's GED-188 catalogue (simulators/cti-server/dissector-table.ts). Do not edit: edit the
-- catalogue or the generator and regenerate.
--
-- Use: wireshark -X lua_script:wireshark/ged188.lua   (or copy it into the personal Lua plugins
-- folder). TCP ports 42027 and 43027 by default; more in the preferences (ged188.tcp_ports) or
-- with Decode As. The floating tag/length width follows the VersionNumber of the OPEN_REQ seen on
-- the TCP connection; before one is seen, the preference ged188.default_version applies.
-- Wireshark 4.0 Lua API.`;

const BODY = `
local ged188 = Proto("ged188", "Cisco CTI Server Protocol (GED-188)")

-- Preferences ---------------------------------------------------------------------------------
ged188.prefs.tcp_ports = Pref.range("TCP ports", DEFAULT_PORTS, "TCP ports of the CTI Server", 65535)
ged188.prefs.default_version = Pref.uint("Default protocol version", DEFAULT_VERSION,
  "Protocol version for connections whose OPEN_REQ was not captured (19: one-byte floating tags, 20: two-byte)")

-- Fields ----------------------------------------------------------------------------------------
local pf = {
  length = ProtoField.uint32("ged188.length", "MessageLength", base.DEC),
  type = ProtoField.uint32("ged188.type", "MessageType", base.DEC, MESSAGE_NAMES),
  version = ProtoField.uint32("ged188.version", "Protocol version", base.DEC),
  data = ProtoField.bytes("ged188.data", "Undecoded data"),
  float = ProtoField.none("ged188.float", "Floating field"),
  flen = ProtoField.uint16("ged188.float.length", "Length", base.DEC),
  fdata = ProtoField.bytes("ged188.float.data", "Data"),
  nv_index = ProtoField.uint8("ged188.named.index", "Index", base.DEC),
  nv_name = ProtoField.string("ged188.named.name", "Name"),
  nv_value = ProtoField.string("ged188.named.value", "Value"),
}
local TAG_NAMES = {}
for tag, def in pairs(TAGS) do TAG_NAMES[tag] = def[1] end
pf.tag = ProtoField.uint16("ged188.float.tag", "Tag", base.DEC, TAG_NAMES)
local fixed_pf, bits_pf, tag_pf = {}, {}, {}

local SIZES = { CHAR = 1, UCHAR = 1, SHORT = 2, USHORT = 2, BOOL = 2, INT = 4, UINT = 4, TIME = 4 }

local function integer_field(abbr, name, ftype, values, hex)
  local b = hex and base.HEX or base.DEC
  if ftype == "CHAR" then return ProtoField.int8(abbr, name, b, values) end
  if ftype == "UCHAR" then return ProtoField.uint8(abbr, name, b, values) end
  if ftype == "SHORT" then return ProtoField.int16(abbr, name, b, values) end
  if ftype == "USHORT" then return ProtoField.uint16(abbr, name, b, values) end
  if ftype == "INT" then return ProtoField.int32(abbr, name, b, values) end
  if ftype == "BOOL" then return ProtoField.uint16(abbr, name, base.DEC, { [0] = "False", [1] = "True" }) end
  return ProtoField.uint32(abbr, name, b, values) -- UINT, TIME
end

for name, def in pairs(FIXED) do
  local values = def[2] and VALUE_STRINGS[def[2]] or nil
  local mask = MASKS[name]
  fixed_pf[name] = integer_field("ged188." .. name, name, def[1], values, mask ~= nil)
  if mask then
    bits_pf[name] = {}
    for i, bit in ipairs(mask) do
      bits_pf[name][i] = ProtoField.bool("ged188." .. name .. "." .. bit[1], bit[1], SIZES[def[1]] * 8, nil, bit[2])
    end
  end
end

for tag, def in pairs(TAGS) do
  local abbr, name, ftype = "ged188.float." .. def[1], def[1], def[2]
  if ftype == "STRING" or ftype == "NAMEDVAR" or ftype == "NAMEDARRAY" then
    tag_pf[tag] = ProtoField.string(abbr, name)
  elseif ftype == "UNSPEC" then
    tag_pf[tag] = ProtoField.bytes(abbr, name)
  else
    tag_pf[tag] = integer_field(abbr, name, ftype, nil, false)
  end
end

local all = {}
for _, f in pairs(pf) do all[#all + 1] = f end
for _, f in pairs(fixed_pf) do all[#all + 1] = f end
for _, list in pairs(bits_pf) do for _, f in ipairs(list) do all[#all + 1] = f end end
for _, f in pairs(tag_pf) do all[#all + 1] = f end
ged188.fields = all

local ef = {
  malformed = ProtoExpert.new("ged188.malformed", "Malformed GED-188 message",
    expert.group.MALFORMED, expert.severity.ERROR),
  unknown_type = ProtoExpert.new("ged188.unknown_type", "Unknown GED-188 message type",
    expert.group.UNDECODED, expert.severity.WARN),
  unknown_tag = ProtoExpert.new("ged188.unknown_tag", "Unknown floating field tag",
    expert.group.UNDECODED, expert.severity.WARN),
  tag_not_allowed = ProtoExpert.new("ged188.tag_not_allowed", "Floating field not defined for this message",
    expert.group.PROTOCOL, expert.severity.WARN),
  missing = ProtoExpert.new("ged188.missing", "Required floating field missing",
    expert.group.PROTOCOL, expert.severity.WARN),
  no_nul = ProtoExpert.new("ged188.no_nul", "STRING without terminating NUL",
    expert.group.PROTOCOL, expert.severity.WARN),
  too_long = ProtoExpert.new("ged188.too_long", "Floating field longer than its maximum",
    expert.group.PROTOCOL, expert.severity.WARN),
  version = ProtoExpert.new("ged188.version_unknown", "Protocol version without a known layout",
    expert.group.ASSUMPTION, expert.severity.NOTE),
}
ged188.experts = { ef.malformed, ef.unknown_type, ef.unknown_tag, ef.tag_not_allowed, ef.missing,
  ef.no_nul, ef.too_long, ef.version }

-- Protocol version per TCP connection ------------------------------------------------------------
-- sessions[key] = sorted list of { frame number, version } from the OPEN_REQs of that connection,
-- so a random-access (GUI) re-dissection finds the version in force at any frame.
local sessions = {}

function ged188.init()
  sessions = {}
end

local function conversation_key(pinfo)
  local a = tostring(pinfo.src) .. "/" .. tostring(pinfo.src_port)
  local b = tostring(pinfo.dst) .. "/" .. tostring(pinfo.dst_port)
  if a < b then return a .. "|" .. b end
  return b .. "|" .. a
end

local function remember_version(pinfo, version)
  local key = conversation_key(pinfo)
  local list = sessions[key]
  if not list then
    list = {}
    sessions[key] = list
  end
  for _, e in ipairs(list) do
    if e[1] == pinfo.number then
      e[2] = version
      return
    end
  end
  list[#list + 1] = { pinfo.number, version }
  table.sort(list, function(x, y) return x[1] < y[1] end)
end

local function version_at(pinfo)
  local list = sessions[conversation_key(pinfo)]
  local version = ged188.prefs.default_version
  if list then
    for _, e in ipairs(list) do
      if e[1] <= pinfo.number then version = e[2] end
    end
  end
  return version
end

-- The layout of a session version: its own, else the newest one not above it, else the oldest.
local function layout_of(version)
  if LAYOUTS[version] then return LAYOUTS[version], version end
  local best = nil
  for _, v in ipairs(VERSIONS) do
    if v <= version then best = v end
  end
  best = best or VERSIONS[1]
  return LAYOUTS[best], best
end

-- Decoding ----------------------------------------------------------------------------------------

-- ISO 8859-1 bytes to UTF-8 (STRINGs are single-byte characters).
local function latin1(raw)
  return (raw:gsub("[\\128-\\255]", function(c)
    local b = c:byte()
    return string.char(0xC0 + math.floor(b / 64), 0x80 + (b % 64))
  end))
end

-- The text of a NUL-terminated string at range r (up to the first NUL), and whether a NUL ended it.
local function cstring(r, from, len)
  if len <= 0 then return "", false, 0 end
  local raw = r:raw(from, len)
  local nul = raw:find("\\0", 1, true)
  if nul then return latin1(raw:sub(1, nul - 1)), true, nul end
  return latin1(raw), false, len
end

local function add_time(tree, field, r)
  local item = tree:add(field, r)
  local secs = r:uint()
  item:append_text(" (" .. os.date("!%Y-%m-%d %H:%M:%S", secs) .. " UTC)")
  return item
end

local function add_fixed(tree, name, r)
  local def = FIXED[name]
  local field = fixed_pf[name]
  if def[1] == "TIME" then return add_time(tree, field, r) end
  local item = tree:add(field, r)
  local bits = bits_pf[name]
  if bits then
    for _, b in ipairs(bits) do item:add(b, r) end
  end
  return item
end

local function add_named(tree, field, r, ftype)
  local len = r:len()
  local pos = 0
  local index = nil
  if ftype == "NAMEDARRAY" then
    if len < 1 then return false, "NAMEDARRAY without its index" end
    index = r(0, 1):uint()
    pos = 1
  end
  local name, ok1, used1 = cstring(r, pos, len - pos)
  if not ok1 then return false, ftype .. " name without NUL" end
  local value, ok2, used2 = cstring(r, pos + used1, len - pos - used1)
  if not ok2 then return false, ftype .. " value without NUL" end
  if pos + used1 + used2 ~= len then return false, ftype .. " has bytes after its value" end
  local text = name .. "=" .. value
  if index then text = "[" .. index .. "] " .. text end
  local item = tree:add(field, r, text)
  if index then item:add(pf.nv_index, r(0, 1)) end
  item:add(pf.nv_name, r(pos, used1), name)
  item:add(pf.nv_value, r(pos + used1, used2), value)
  return true
end

local function add_floating(tree, tag, r, len)
  local def = TAGS[tag]
  local field = tag_pf[tag]
  local ftype = def[2]
  if ftype == "STRING" then
    if len == 0 then
      local item = tree:add(field, r, "")
      item:add_proto_expert_info(ef.no_nul, "STRING of length 0 has no NUL")
      return
    end
    local text, ok = cstring(r, 0, len)
    local item = tree:add(field, r, text)
    if not ok then item:add_proto_expert_info(ef.no_nul) end
    if len > def[3] then item:add_proto_expert_info(ef.too_long, def[1] .. " is at most " .. def[3] .. " bytes") end
  elseif ftype == "UNSPEC" then
    local item = tree:add(field, r)
    if len == 0 then item:set_text(def[1] .. ": <empty>") end
    if len > def[3] then item:add_proto_expert_info(ef.too_long, def[1] .. " is at most " .. def[3] .. " bytes") end
  elseif ftype == "NAMEDVAR" or ftype == "NAMEDARRAY" then
    local ok, why = add_named(tree, field, r, ftype)
    if not ok then
      local item = tree:add(pf.fdata, r)
      item:add_proto_expert_info(ef.malformed, why)
    end
  else
    local size = SIZES[ftype]
    if len ~= size then
      local item = tree:add(pf.fdata, r)
      item:add_proto_expert_info(ef.malformed, def[1] .. " (" .. ftype .. ") must be " .. size .. " bytes, not " .. len)
    elseif ftype == "TIME" then
      add_time(tree, field, r)
    else
      tree:add(field, r)
    end
  end
end

-- One whole message at tvb(offset, 8 + body); returns its name.
local function dissect_message(tvb, pinfo, tree, offset, body)
  local mtype = tvb(offset + 4, 4):uint()
  local version
  if mtype == 3 and body >= 8 then
    -- OPEN_REQ is written in the version it asks for (VersionNumber follows InvokeID).
    version = tvb(offset + 12, 4):uint()
    remember_version(pinfo, version)
  else
    version = version_at(pinfo)
  end
  local layout, layout_version = layout_of(version)
  local msg = layout.messages[mtype]
  local name = (msg and msg[1]) or MESSAGE_NAMES[mtype] or ("UNKNOWN(" .. mtype .. ")")
  local mtree = tree:add(ged188, tvb(offset, 8 + body))
  mtree:append_text(", " .. name)
  mtree:add(pf.length, tvb(offset, 4))
  mtree:add(pf.type, tvb(offset + 4, 4))
  local vitem = mtree:add(pf.version, version)
  vitem:set_generated()
  if layout_version ~= version then
    vitem:add_proto_expert_info(ef.version, "decoded with the v" .. layout_version .. " layout")
  end
  if not msg then
    mtree:add_proto_expert_info(ef.unknown_type, "Unknown message type " .. mtype .. " in v" .. layout_version)
    if body > 0 then mtree:add(pf.data, tvb(offset + 8, body)) end
    return name
  end
  local pos = offset + 8
  local stop = offset + 8 + body
  -- Fixed part.
  local fixed_size = 0
  for _, f in ipairs(msg[2]) do fixed_size = fixed_size + f[2] end
  for _, f in ipairs(msg[2]) do
    if pos + f[2] > stop then
      mtree:add_proto_expert_info(ef.malformed,
        name .. ": the fixed part is " .. fixed_size .. " bytes, the message body " .. body)
      if pos < stop then mtree:add(pf.data, tvb(pos, stop - pos)) end
      return name
    end
    add_fixed(mtree, f[1], tvb(pos, f[2]))
    pos = pos + f[2]
  end
  -- Floating part.
  local width = layout.width
  local rules = msg[3]
  local seen = {}
  while pos < stop do
    if stop - pos < 2 * width then
      local item = mtree:add(pf.data, tvb(pos, stop - pos))
      item:add_proto_expert_info(ef.malformed, "floating field header cut short")
      return name
    end
    local tag = tvb(pos, width):uint()
    local len = tvb(pos + width, width):uint()
    local def = TAGS[tag]
    local label = def and def[1] or ("tag " .. tag)
    if pos + 2 * width + len > stop then
      local ftree = mtree:add(pf.float, tvb(pos, stop - pos))
      ftree:set_text("Floating field: " .. label .. " (cut)")
      ftree:add(pf.tag, tvb(pos, width))
      local litem = ftree:add(pf.flen, tvb(pos + width, width))
      litem:add_proto_expert_info(ef.malformed,
        label .. ": length " .. len .. " overruns the message by " .. (pos + 2 * width + len - stop) .. " bytes")
      return name
    end
    local ftree = mtree:add(pf.float, tvb(pos, 2 * width + len))
    ftree:set_text("Floating field: " .. label)
    ftree:add(pf.tag, tvb(pos, width))
    ftree:add(pf.flen, tvb(pos + width, width))
    if not def then
      ftree:add_proto_expert_info(ef.unknown_tag, "Unknown floating field tag " .. tag)
      if len > 0 then ftree:add(pf.fdata, tvb(pos + 2 * width, len)) end
    else
      if rules[tag] == nil then
        ftree:add_proto_expert_info(ef.tag_not_allowed, def[1] .. " is not a floating field of " .. name)
      end
      add_floating(ftree, tag, tvb(pos + 2 * width, len), len)
      seen[tag] = true
    end
    pos = pos + 2 * width + len
  end
  for tag, rule in pairs(rules) do
    if (rule == 1 or rule == 3) and not seen[tag] then
      mtree:add_proto_expert_info(ef.missing, name .. " requires " .. TAGS[tag][1])
    end
  end
  return name
end

-- TCP stream: whole messages, reassembled across segments (desegment_offset / desegment_len).
function ged188.dissector(tvb, pinfo, tree)
  local total = tvb:len()
  local offset = 0
  local names = {}
  while offset < total do
    local remaining = total - offset
    if remaining < 8 then
      pinfo.desegment_offset = offset
      pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
      break
    end
    local body = tvb(offset, 4):uint()
    if body + 8 > MAX_MESSAGE_SIZE then
      local item = tree:add(ged188, tvb(offset, remaining))
      item:add(pf.length, tvb(offset, 4))
      item:add_proto_expert_info(ef.malformed,
        "MessageLength " .. body .. " exceeds the largest message (" .. MAX_MESSAGE_SIZE .. " bytes): stream out of sync")
      names[#names + 1] = "[out of sync]"
      offset = total
      break
    end
    if remaining < body + 8 then
      pinfo.desegment_offset = offset
      pinfo.desegment_len = body + 8 - remaining
      break
    end
    names[#names + 1] = dissect_message(tvb, pinfo, tree, offset, body)
    offset = offset + body + 8
  end
  if #names > 0 then
    pinfo.cols.protocol = "GED-188"
    pinfo.cols.info = table.concat(names, ", ")
  end
  return total
end

-- Registration ------------------------------------------------------------------------------------
local tcp_port = DissectorTable.get("tcp.port")
local registered_ports = nil

local function register_ports()
  if registered_ports then tcp_port:remove(registered_ports, ged188) end
  registered_ports = tostring(ged188.prefs.tcp_ports)
  if registered_ports ~= "" then tcp_port:add(registered_ports, ged188) end
end

function ged188.prefs_changed()
  register_ports()
end

register_ports()
tcp_port:add_for_decode_as(ged188)
`;
