// Builds the lab image (lab-image.ts) on the Docker engine testcontainers finds (DOCKER_HOST or
// the local socket), unless an image of the same content is already there.
import './no-ryuk.ts';
import { GenericContainer, getContainerRuntimeClient, ImageName } from 'testcontainers';
import { IMAGE_REPOSITORY, type ImageBase, imageBaseFromEnv, removeStaged, stageImage } from './lab-image.ts';

export interface LabImage {
  readonly name: string;
  readonly base: ImageBase;
  /** False when an image of the same content was already on the engine. */
  readonly built: boolean;
  readonly files: number;
  readonly bytes: number;
  readonly ms: number;
}

export async function ensureLabImage(base: ImageBase = imageBaseFromEnv()): Promise<LabImage> {
  const started = Date.now();
  const staged = stageImage(base);
  try {
    const client = await getContainerRuntimeClient();
    const exists = await client.image.exists(ImageName.fromString(staged.name));
    if (!exists) {
      await GenericContainer.fromDockerfile(staged.context).build(staged.name, { deleteOnExit: false });
      // Each change of the project makes a new tag: drop the older ones no container uses, so a
      // developer's engine keeps one lab image, not one per edit (Docker refuses an image in use).
      const docker = client.container.dockerode;
      for (const image of await docker.listImages({
        filters: JSON.stringify({ reference: [`${IMAGE_REPOSITORY}:*`] }),
      }))
        if (!image.RepoTags?.includes(staged.name))
          await docker
            .getImage(image.Id)
            .remove()
            .catch(() => undefined);
    }
    return {
      name: staged.name,
      base,
      built: !exists,
      files: staged.files,
      bytes: staged.bytes,
      ms: Date.now() - started,
    };
  } finally {
    removeStaged(staged);
  }
}
