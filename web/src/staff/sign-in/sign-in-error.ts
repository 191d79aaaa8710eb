import { ApiError } from '../../shared/api';

export type SignInErrorKey =
  | 'signIn.errorInvalid'
  | 'signIn.errorUnavailable'
  | 'signIn.errorTooMany'
  | 'signIn.errorNetwork'
  | 'signIn.errorGeneric';

/** Maps a failed sign-in to the message a staff member should see. */
export function signInErrorKey(error: unknown): SignInErrorKey {
  if (!(error instanceof ApiError)) return 'signIn.errorGeneric';
  if (error.status === 0) return 'signIn.errorNetwork';
  if (error.status === 400 || error.status === 401 || error.status === 403) return 'signIn.errorInvalid';
  if (error.status === 429) return 'signIn.errorTooMany';
  if ([404, 405, 501, 502, 503, 504].includes(error.status)) return 'signIn.errorUnavailable';
  return 'signIn.errorGeneric';
}

export type CodeErrorKey =
  | 'secondFactor.errorWrongCode'
  | 'secondFactor.errorExpired'
  | 'signIn.errorTooMany'
  | 'signIn.errorNetwork'
  | 'signIn.errorGeneric';

/** Maps a refused code (authenticator or recovery) to a message. */
export function codeErrorKey(error: unknown): CodeErrorKey {
  if (!(error instanceof ApiError)) return 'signIn.errorGeneric';
  if (error.status === 0) return 'signIn.errorNetwork';
  if (error.status === 429) return 'signIn.errorTooMany';
  if (error.status === 400) return 'secondFactor.errorWrongCode';
  if (error.status === 401) {
    // The pending session itself is gone (it lasts a few minutes) — or the code was wrong.
    return /sign in first|session/i.test(error.problem.detail ?? '')
      ? 'secondFactor.errorExpired'
      : 'secondFactor.errorWrongCode';
  }
  return 'signIn.errorGeneric';
}
