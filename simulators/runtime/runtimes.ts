// The runtime for `--runtime embedded|process|containers`.
import { EmbeddedRuntime } from './embedded-runtime.ts';
import type { LabRuntime, RuntimeKind } from './lab-runtime.ts';
import { ProcessRuntime } from './process-runtime.ts';

export const RUNTIME_KINDS: readonly RuntimeKind[] = ['embedded', 'process', 'containers'];

export function runtimeOf(kind: RuntimeKind): LabRuntime {
  switch (kind) {
    case 'embedded':
      return new EmbeddedRuntime();
    case 'process':
      return new ProcessRuntime();
    case 'containers':
      throw new Error(
        'the containers runtime is not in this build yet (issue 9): use --runtime embedded or process',
      );
  }
}
