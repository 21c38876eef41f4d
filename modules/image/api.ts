/** The image workflow as a library (re-exported by src/index.ts): the same calls the module and the CLI make. */
export { imageModule } from './index.js';
export { pullImages, pullJobs } from './pull.js';
export { pushImages, pushJobs, destAuths, overrideNamespace, type PushPlan } from './push.js';
export { runCopies, type ImageJob, type RunCopiesOptions } from './run-copies.js';
export { parseLocation, formatLocation, type Location } from './location.js';
export { clientOptionsFor, findAuth, sameRegistry, type ConnectionDefaults } from './auth.js';
export type { AuthArg, ImageArgs, ImageData, ImageEntry, Policy } from './types.js';
