#!/usr/bin/env node
// The `anju` command: built TypeScript in ../dist (npm install runs the build).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv);
