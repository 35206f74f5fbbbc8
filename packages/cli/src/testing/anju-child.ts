// Entry point for running `anju` from TypeScript sources in a child process (tests spawn it with
// `node --import tsx` so that a signal reaches the process that holds the store, with no wrapper in between).
import { installProcessBoundary, main } from '../main.js';

installProcessBoundary(process.argv);
process.exitCode = await main(process.argv);
