/** The registry server: a layout store served over the OCI distribution API v1.1 (issue 6). */
export { startRegistryServer, type RegistryServer, type ServeOptions } from './server.js';
export { parseHtpasswd, loadHtpasswd, verifyPassword, type Htpasswd } from './htpasswd.js';
export { WireError, type WireCode } from './wire-errors.js';
