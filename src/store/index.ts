/** The local OCI image-layout store (DESIGN.md §5). */
export { LayoutStore, storeName, type OpenOptions } from './layout-store.js';
export type { StoreEntry } from './list.js';
export type { GcOptions, GcReport } from './gc.js';
export type { FsckOptions, FsckProblem, FsckReport } from './fsck.js';
export type { KubeKeyImportReport } from './kubekey-import.js';
export type { LockOptions } from './lock.js';
export { blobPath } from './paths.js';
