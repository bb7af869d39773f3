import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { composeFile } from '../simulators/runtime/export/compose-export.ts';
import { kubernetesManifests } from '../simulators/runtime/export/kubernetes-export.ts';
import { loadTopology } from '../simulators/topology/load-topology.ts';
import { cmeTopologyOf } from '../simulators/topology/runnable-topology.ts';

export interface LabExportOptions {
  readonly format: 'compose' | 'kubernetes';
  readonly out?: string;
  readonly image?: string;
}

/**
 * `ctilab lab export <topology> --format compose|kubernetes [--out file] [--image name]`: the lab
 * rendered for an existing orchestrator (stdout, or the file). Without --image it builds the lab
 * image on the Docker engine (as `lab up --runtime containers` does) and names it; for a cluster,
 * push an image to your registry and name it with --image.
 */
export async function labExport(topologyFile: string, options: LabExportOptions): Promise<number> {
  const loaded = await loadTopology(topologyFile);
  // Refuse what cannot be exported (a CUCM or ACD node) before building any image.
  cmeTopologyOf(loaded);
  const image = options.image ?? (await labImageName());
  const out = options.out === undefined ? undefined : resolve(options.out);
  const text =
    options.format === 'compose'
      ? stringify(composeFile(loaded, image, out === undefined ? process.cwd() : dirname(out)))
      : kubernetesManifests(loaded, image)
          .map((m) => stringify(m))
          .join('---\n');
  if (out === undefined) process.stdout.write(text);
  else {
    writeFileSync(out, text);
    process.stderr.write(`wrote ${options.out} (image ${image})\n`);
  }
  return 0;
}

async function labImageName(): Promise<string> {
  const { ensureLabImage } = await import('../simulators/runtime/containers/build-lab-image.ts');
  const built = await ensureLabImage();
  process.stderr.write(`lab image ${built.name}${built.built ? ' (built now)' : ''}\n`);
  return built.name;
}
