// Node module resolve hook (node:module register), mutation runs only: 'fast-check' imported by
// anything but fast-check-budget.mjs resolves to fast-check-budget.mjs.
const budget = new URL('./fast-check-budget.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'fast-check' && context.parentURL !== budget) return { url: budget, shortCircuit: true };
  return nextResolve(specifier, context);
}
