#!/usr/bin/env node
// The `vellum` command: runs the TypeScript CLI through tsx's loader (no separate build step).
import { register } from 'tsx/esm/api';

register();
const { runCli, failAndExit } = await import('../src/cli.ts');
runCli(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
}, failAndExit);
