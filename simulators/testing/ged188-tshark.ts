/**
 * tshark options that dissect the lab's CTI Server (GED-188) traffic with the project's Lua
 * dissector (wireshark/ged188.lua, generated from the catalogue by `npm run dissector:lua`):
 * pass them to `decodeCapture` (lab/tshark.ts) for any capture holding CTI Server connections.
 * The plugin claims TCP 42027 and 43027 itself; a lab CTI Server on another (e.g. ephemeral) port
 * is decoded there by a decode-as rule.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PORTS, LUA_PLUGIN_PATH } from '../cti-server/dissector/generate-lua.ts';
import type { DecodeOptions } from '../lab/tshark.ts';

/** The committed Lua plugin, wherever the repository is checked out. */
export const GED188_LUA_PLUGIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', LUA_PLUGIN_PATH);

/** `luaScripts` and `decodeAs` for CTI Server traffic on `ports` (the defaults need no rule). */
export function ged188DecodeOptions(
  ports: readonly number[] = [],
): Required<Pick<DecodeOptions, 'luaScripts' | 'decodeAs'>> {
  const extra = [...new Set(ports)].filter((p) => !(DEFAULT_PORTS as readonly number[]).includes(p));
  for (const p of extra)
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new RangeError(`not a TCP port: ${p}`);
  return { luaScripts: [GED188_LUA_PLUGIN], decodeAs: extra.map((p) => `tcp.port==${p},ged188`) };
}
