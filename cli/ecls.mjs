#!/usr/bin/env node
// The `ecls` command: registers tsx so the TypeScript CLI runs without a build step, then starts it.
// The import is dynamic so that it runs after register() (static imports would be hoisted above it).
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
