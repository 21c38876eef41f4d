/** The copy engine (DESIGN.md §2, §8.2): one walk that moves images between any two Targets. */
export { copy } from './copy.js';
export { copyImages } from './copy-images.js';
export { copyError, causeCode, type CopyErrorSite } from './copy-error.js';
export { wantedPlatforms } from './platform-select.js';
export type {
  CopyEvent,
  CopyImagesOptions,
  CopyJob,
  CopyOptions,
  CopyResult,
  PlatformPolicy,
  RootChoice,
} from './types.js';
