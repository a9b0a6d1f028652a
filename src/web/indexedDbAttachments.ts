import type { AttachmentStore } from '../core/ports';

/** The database and its one object store: refs to bytes (a Uint8Array per record, out-of-line keys). */
const DATABASE = 'messenger-attachments';
const STORE = 'attachments';
/** A ref is a UUID this store made (crypto.randomUUID, RFC 9562 version 4). */
const REF_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Resolves with a request's result, rejects with its error (IndexedDB's own DOMException). */
function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * The web host's `AttachmentStore` (ports.ts): the picked files' bytes in IndexedDB, one record
 * per attachment under a random ref, so an attachment picked offline survives a reload (and the
 * browser's restart, as long as the site's data is kept). A ref this store did not make reads as
 * null and removes nothing. Rejects with IndexedDB's error when the browser refuses (quota
 * exceeded, private mode without storage). Plain IndexedDB (W3C Indexed Database API 3.0):
 * three operations do not warrant a dependency.
 */
export function indexedDbAttachmentStore(factory: IDBFactory = indexedDB): AttachmentStore {
  let opening: Promise<IDBDatabase> | null = null;
  const database = () => {
    opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => {
        const db = request.result;
        // Another tab deleting or upgrading the database: let it, and open again next time.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    }).catch((error: unknown) => {
      opening = null;
      throw error;
    });
    return opening;
  };
  /** Runs `action` on the object store and waits for the transaction to commit (a write is then on disk). */
  const run = async <T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const transaction = (await database()).transaction(STORE, mode);
    const result = settled(action(transaction.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  };
  return {
    async save(bytes) {
      const ref = crypto.randomUUID();
      // Structured clone copies the bytes: a later change of the caller's array is not kept.
      await run('readwrite', (store) => store.add(bytes, ref));
      return ref;
    },
    async read(ref) {
      if (!REF_PATTERN.test(ref)) return null;
      const value: unknown = await run('readonly', (store) => store.get(ref));
      return value instanceof Uint8Array ? value : null;
    },
    async remove(ref) {
      if (!REF_PATTERN.test(ref)) return;
      await run('readwrite', (store) => store.delete(ref));
    },
  };
}
