import { describe, expect, it } from 'vitest';
import { requiredChoice, trimmedAtLeast } from '../web/src/shared/form';

// The browser-side rules the converted forms share (decision 0025): their messages are the i18n keys
// the inputs show.
const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : (result.error?.issues ?? []).map((issue) => issue.message);

describe('web form rules', () => {
  it('a choice that starts empty must be made, and passes through when it is', () => {
    const choice = requiredChoice(['contact', 'intake'] as const);
    expect(messages(choice.safeParse(null))).toEqual(['fieldError.required']);
    expect(choice.parse('intake')).toBe('intake');
    expect(choice.safeParse('elsewhere').success).toBe(false);
  });

  it('a reason counts its characters after trimming and says the minimum', () => {
    const reason = trimmedAtLeast(3, 10);
    expect(messages(reason.safeParse('  ab   '))).toEqual(['fieldError.tooShort?min=3']);
    expect(reason.parse('  abc ')).toBe('abc');
    expect(messages(reason.safeParse('x'.repeat(11)))).toEqual(['fieldError.invalid']);
  });
});
