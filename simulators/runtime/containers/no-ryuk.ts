// testcontainers starts Ryuk (its clean-up container) unless TESTCONTAINERS_RYUK_DISABLED=true; its
// image would come from a registry, which these machines do not have (DESIGN.md section 10). The
// lab removes what it made itself, and `lab down` finds leftovers by label (lab-resources.ts).
// Imported for its effect by every module here that calls testcontainers; testcontainers reads the
// variable when it starts a container or builds an image, not when it is imported.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

export const RYUK_DISABLED = process.env.TESTCONTAINERS_RYUK_DISABLED === 'true';
