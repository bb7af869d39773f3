// Builds the lab image (lab-image.ts) on the Docker engine testcontainers finds (DOCKER_HOST or
// the local socket), unless an image of the same content is already there.
import './no-ryuk.ts';
import { GenericContainer, getContainerRuntimeClient, ImageName } from 'testcontainers';
import { type ImageBase, imageBaseFromEnv, removeStaged, stageImage } from './lab-image.ts';

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
