// Entry point for running `anju` from TypeScript sources in a child process (the fault test spawns it with
// `node --import tsx` so that a SIGKILL reaches the process that holds the store, with no wrapper in between).
import { main } from '../main.js';

process.exitCode = await main(process.argv);
