import type { TFunction } from 'i18next';
import { ApiError } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';

/** The general message above a dossier form: "check the marked fields" when the server named any. */
export function formErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && (error.problem.errors ?? []).length > 0) return t('clients.checkFields');
  return t(requestErrorKey(error));
}

/** The server's message for one field (also "body.x"), in the staff member's language. */
export const fieldError = (t: TFunction, error: unknown) => (field: string) =>
  fieldErrorText(t, error, field);
