#!/usr/bin/env node
// The `anju` command: built TypeScript in ../dist (npm install runs the build).
import { installProcessBoundary, main } from '../dist/main.js';

installProcessBoundary(process.argv);
process.exitCode = await main(process.argv);
