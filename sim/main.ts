/**
 * `npm start`: the overflow scenario with its defaults (extra arguments go to it: `npm start -- --device ascend910b`).
 * @module
 */
import { processIo, runCli } from './cli.js';
import { enableRelaxedSimd } from './relaxed-simd.js';

enableRelaxedSimd();
process.exitCode = await runCli(['sim', 'overflow', ...process.argv.slice(2)], processIo);
