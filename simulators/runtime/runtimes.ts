// The runtime for `--runtime embedded|process|containers`.
import { EmbeddedRuntime } from './embedded-runtime.ts';
import type { LabRuntime, RuntimeKind } from './lab-runtime.ts';
import { ProcessRuntime } from './process-runtime.ts';

export const RUNTIME_KINDS: readonly RuntimeKind[] = ['embedded', 'process', 'containers'];

/**
 * The containers runtime is loaded only when asked for: it pulls in testcontainers (and its Docker
 * client), which the lab image itself does not carry and the other runtimes do not need.
 */
export async function runtimeOf(kind: RuntimeKind): Promise<LabRuntime> {
  switch (kind) {
    case 'embedded':
      return new EmbeddedRuntime();
    case 'process':
      return new ProcessRuntime();
    case 'containers': {
      const { ContainersRuntime } = await import('./containers/containers-runtime.ts');
      return new ContainersRuntime();
    }
  }
}
