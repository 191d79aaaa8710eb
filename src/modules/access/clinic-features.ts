import type { Tx } from './gate';

/**
 * What the clinic has switched on that the privacy statement and the record of processing must
 * mention (and must not mention when off): the webshop (with Mollie as payment processor), the
 * contact form and the newsletter.
 */
export type ClinicFeatures = { webshop: boolean; contactForm: boolean; newsletter: boolean };

/** Today's Vellum: the contact form and the newsletter exist and have no switch; no webshop. */
export const defaultFeatures: ClinicFeatures = { webshop: false, contactForm: true, newsletter: true };

/**
 * The clinic's switches, read in the action's transaction. The one place to wire the webshop's
 * `enabled` setting (migration 0041) in: the statement and the record both ask here.
 */
export async function clinicFeatures(_tx: Tx): Promise<ClinicFeatures> {
  return defaultFeatures;
}
