/**
 * Opening the Targets of an image task: one repository per image (sharing its registry's client and
 * connection pool) with the options its auth entry gives, and one LayoutStore per directory.
 */
import type { Target } from '../../src/content/target.js';
import { openRepository } from '../../src/registry/index.js';
import { LayoutStore } from '../../src/store/index.js';
import { clientOptionsFor, type ConnectionDefaults } from './auth.js';
import type { Location } from './location.js';
import type { AuthArg } from './types.js';

/** Targets opens and caches the Targets of one task run. */
export class Targets {
  private readonly stores = new Map<string, Promise<LayoutStore>>();

  constructor(
    private readonly auths: readonly AuthArg[],
    private readonly defaults: ConnectionDefaults,
  ) {}

  /** open returns the Target of `loc`; stores are created only when `create` (a destination). Throws E_STORE. */
  async open(loc: Location, create: boolean): Promise<Target> {
    if (loc.kind === 'registry') {
      return openRepository(loc.ref, clientOptionsFor(loc.ref.registry, this.auths, this.defaults));
    }
    return this.store(loc.dir, create);
  }

  /** store opens (once) the layout at `dir`. */
  store(dir: string, create: boolean): Promise<LayoutStore> {
    const key = `${dir}\0${create}`;
    let s = this.stores.get(key);
    if (!s) {
      s = LayoutStore.open(dir, { create });
      this.stores.set(key, s);
      // A failed open is not cached, so the next image reports the same error instead of a stale one.
      s.catch(() => this.stores.delete(key));
    }
    return s;
  }
}
