import { ApiError } from './api';

export type RequestErrorKey =
  | 'requestError.network'
  | 'requestError.forbidden'
  | 'requestError.notFound'
  | 'requestError.conflict'
  | 'requestError.tooMany'
  | 'requestError.invalid'
  | 'requestError.generic';

/** A general message for a failed request whose cause is not shown next to a field. */
export function requestErrorKey(error: unknown): RequestErrorKey {
  if (!(error instanceof ApiError)) return 'requestError.generic';
  switch (error.status) {
    case 0:
      return 'requestError.network';
    case 400:
      return 'requestError.invalid';
    case 403:
      return 'requestError.forbidden';
    case 404:
      return 'requestError.notFound';
    case 409:
      return 'requestError.conflict';
    case 429:
      return 'requestError.tooMany';
    default:
      return 'requestError.generic';
  }
}
