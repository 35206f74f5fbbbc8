import { AsyncLocalStorage } from 'node:async_hooks';
import { StoreError, storeMessages } from './errors.js';

/**
 * Knows whether the current async call chain is inside one of a store's transactions, so that `store.db` or a
 * nested `store.transaction` there fails at once: on PGlite it would wait forever for the connection the
 * transaction holds, and on PostgreSQL it would silently run outside the transaction.
 */
export class TransactionScope {
  readonly #inside = new AsyncLocalStorage<true>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#inside.run(true, fn);
  }

  assertOutside(): void {
    if (this.#inside.getStore()) throw new StoreError('store-in-transaction', storeMessages.storeInTransaction());
  }
}
