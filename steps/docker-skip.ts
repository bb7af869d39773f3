import { dockerRequired, dockerUnavailable } from '../simulators/runtime/containers/docker-engine.ts';
import type { LabWorld } from './world.ts';

/**
 * A lab step on the containers runtime without a Docker engine: attaches the reason and answers
 * 'skipped' (the scenario is skipped), unless CTILAB_REQUIRE_DOCKER=1 makes it run on and fail.
 * Undefined on any other runtime or with an engine.
 */
export async function skipWithoutDocker(world: LabWorld): Promise<'skipped' | undefined> {
  if (world.runtime !== 'containers') return undefined;
  const why = await dockerUnavailable();
  if (why === undefined || dockerRequired) return undefined;
  world.attach(`skipped on containers: ${why}`, 'text/plain');
  return 'skipped';
}
