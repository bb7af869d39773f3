/**
 * `npm run dissector:lua`: writes the GED-188 Wireshark Lua dissector generated from the CTI
 * Server catalogue (simulators/cti-server/dissector/generate-lua.ts) to wireshark/ged188.lua.
 * `--check` only compares and exits 1 when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLua, LUA_PLUGIN_PATH } from '../simulators/cti-server/dissector/generate-lua.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const path = join(root, LUA_PLUGIN_PATH);
const text = generateLua();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    process.stderr.write(`${LUA_PLUGIN_PATH} is stale: run npm run dissector:lua\n`);
    process.exit(1);
  }
} else {
  writeFileSync(path, text);
  process.stdout.write(`wrote ${LUA_PLUGIN_PATH} (${text.length} bytes)\n`);
}
