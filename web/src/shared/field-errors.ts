import type { TFunction } from 'i18next';
import { ApiError } from './api';

/**
 * The server names the field and says what is wrong in English; staff see it in their language.
 * Known messages map to a translated one, anything else to a general "check this field".
 */
export function fieldErrorText(t: TFunction, error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const message = error.fieldError(field) ?? error.fieldError(`body.${field}`);
  if (message === undefined) return undefined;
  return translateFieldMessage(t, message);
}

export function translateFieldMessage(t: TFunction, message: string): string {
  const atLeast = /(?:at least|>=)\s*(\d+)/.exec(message);
  if (atLeast?.[1]) {
    const min = Number(atLeast[1]);
    return min <= 1 ? t('fieldError.required') : t('fieldError.tooShort', { min });
  }
  const atMost = /(?:at most|<=)\s*(\d+)/.exec(message);
  if (atMost?.[1]) return t('fieldError.tooLong', { max: Number(atMost[1]) });
  if (/commonly used password/i.test(message)) return t('fieldError.commonPassword');
  if (/name or e-mail/i.test(message)) return t('fieldError.containsName');
  if (/not your current password/i.test(message)) return t('fieldError.wrongCurrentPassword');
  if (/current code/i.test(message)) return t('fieldError.wrongCode');
  if (/future/i.test(message)) return t('fieldError.futureDate');
  if (/phone/i.test(message)) return t('fieldError.phone');
  if (/email/i.test(message)) return t('fieldError.email');
  if (/date/i.test(message)) return t('fieldError.date');
  return t('fieldError.invalid');
}

/** True when the problem names at least one of these fields (so the form shows it there). */
export function namesAnyField(error: unknown, fields: readonly string[]): boolean {
  return (
    error instanceof ApiError &&
    (error.problem.errors ?? []).some((e) => fields.includes(e.field.replace(/^body\./, '')))
  );
}
