/**
 * Runs TypeScript for the test suite: tsx's loader, registered in every thread that imports this file.
 * tap passes it as `--import` (see .taprc), and worker threads inherit that flag and import it too —
 * the campaign tests' piscina workers load `sim/campaign-worker.ts`; Node 20 does not carry the hooks of
 * `--import=tsx` itself into workers, while a `register()` call in each thread does.
 */
import { register } from 'tsx/esm/api';

register();
