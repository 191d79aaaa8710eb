import type { ClientCipher } from './client-keys';

/** Opens a value sealed for the duplicate and seals it for the survivor, under the same field label. */
export function reseal(
  merge: { from: ClientCipher; into: ClientCipher },
  field: string,
  sealed: string,
): string {
  return merge.into.seal(field, merge.from.open<unknown>(field, sealed));
}
