// A child-process entry for the fault test: `anju import FILE --city CITY --publish` through the CLI's own import
// command and context (store from DATABASE_URL, else ANJU_DATA_DIR), without loading every other command, so the
// process starts in well under a second and a SIGKILL drawn at random lands inside the import, not in start-up.
import { importCommand } from '../commands/import.js';
import { makeContext } from '../context.js';

const [file, city] = process.argv.slice(2);
if (file === undefined || city === undefined) throw new Error('usage: import-child FILE CITY');
const ctx = { ...makeContext({ json: true }), out: () => undefined };
process.exitCode = await importCommand(ctx, file, { city, publish: true, reason: '故障测试导入 / fault-test import' });
