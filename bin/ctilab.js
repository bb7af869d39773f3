#!/usr/bin/env node
// The ctilab command line. The sources are TypeScript; tsx (a runtime dependency) loads them.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
