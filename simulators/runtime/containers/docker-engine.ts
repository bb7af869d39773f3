// Whether a Docker engine answers (DOCKER_HOST or the local socket), for the containers runtime's
// own tests: without one they are skipped with the reason, unless CTILAB_REQUIRE_DOCKER=1 (set by
// .ci/run, which starts dockerd), where a missing engine fails them.
import './no-ryuk.ts';
import { getContainerRuntimeClient } from 'testcontainers';

export const dockerRequired = process.env.CTILAB_REQUIRE_DOCKER === '1';

/** undefined when an engine answers, else why not. */
export async function dockerUnavailable(): Promise<string | undefined> {
  try {
    const client = await getContainerRuntimeClient();
    await client.container.dockerode.ping();
    return undefined;
  } catch (err) {
    return `no Docker engine answers: ${(err as Error).message.split('\n')[0]}`;
  }
}
