/**
 * The committed Wireshark plugin is exactly what the generator writes from the catalogue, so the
 * dissector never drifts from the codec. Regenerate with `npm run dissector:lua`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dissectorTable, dissectorTables } from '../dissector-table.ts';
import { generateLua, LUA_PLUGIN_PATH } from './generate-lua.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('generateLua', () => {
  it(`equals the committed ${LUA_PLUGIN_PATH} (run npm run dissector:lua when this fails)`, () => {
    assert.equal(readFileSync(join(ROOT, LUA_PLUGIN_PATH), 'utf8'), generateLua());
  });

  it('is deterministic', () => {
    assert.equal(generateLua(), generateLua());
  });

  it('carries each version layout: floating width, every message with its fixed fields', () => {
    const text = generateLua();
    for (const t of dissectorTables()) {
      assert.match(text, new RegExp(`\\[${t.version}\\] = \\{\\n    width = ${t.floatingHeaderWidth},`));
    }
    // OPEN_CONF: v20 ends with DepartmentID (ucce-ctidriver MessageRec.hs), v19 does not (uccertweb).
    assert.match(text, /\[4\] = \{ "OPEN_CONF", \{ [^\n]*\{ "AgentState", 2 \}, \{ "DepartmentID", 4 \} \}/);
    assert.match(text, /\[4\] = \{ "OPEN_CONF", \{ [^\n]*\{ "AgentState", 2 \} \}, \{/);
    for (const m of dissectorTable(20).messages) assert.ok(text.includes(`[${m.id}] = "${m.name}",`), m.name);
    for (const tag of dissectorTable(20).tags)
      assert.ok(text.includes(`[${tag.tag}] = { "${tag.name}", "${tag.type}", ${tag.maxSize} },`), tag.name);
  });

  it('carries the value strings and masks (E_CTI_* status, AgentState, ServicesMask bits)', () => {
    const text = generateLua();
    assert.ok(text.includes('[97] = "E_CTI_INVALID_MONITOR_STATUS",'));
    assert.ok(text.includes('[10] = "HOLD",'));
    assert.ok(text.includes('{ "ALL_EVENTS", 0x00000010 },'));
    assert.ok(text.includes('{ "DEBUG", 0x80000000 },'));
  });

  it('refuses text Lua would not carry as plain ASCII', () => {
    const t = dissectorTable(20);
    const bad = { ...t, messages: [{ ...t.messages[0]!, name: 'FAILURE_CONF\u00e9' }] };
    assert.throws(() => generateLua([bad]), /non-ASCII text in the dissector table/);
  });
});
