/**
 * Where sealed key blobs are kept for every instance: the shared store's sealed-key methods
 * (`Store.putSealedKey`, `getSealedKey`, `deleteSealedKey`), named here so the signer needs no
 * store. Blobs only: the storage never sees a plaintext key.
 */
export type SealedKeyStorage = {
  /** Puts the blob unless the name has one; resolves with the blob that holds the name now. */
  putSealedKey(name: string, blob: string): Promise<string>;
  getSealedKey(name: string): Promise<string | undefined>;
  deleteSealedKey(name: string): Promise<void>;
};
