import { z } from 'zod';
import { Invalid } from './errors';

/**
 * The honeypot of the public forms (booking, contact, incident report): a field people never see
 * (the page hides it from eyes and screen readers) and form-filling robots fill. No third-party
 * CAPTCHA; the forms are also throttled per network.
 */
export const honeypotField = z.string().max(200).optional();

export function refuseRobots(website: string | undefined): void {
  if (website)
    throw new Invalid('website must be left empty', [{ field: 'website', message: 'must be left empty' }]);
}
