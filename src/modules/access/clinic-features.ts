import { shopSettings } from '../shop/tables';
import type { Tx } from './gate';

/**
 * What the clinic has switched on that the privacy statement and the record of processing must
 * mention (and must not mention when off): the webshop (with Mollie as payment processor), the
 * contact form and the newsletter.
 */
export type ClinicFeatures = { webshop: boolean; contactForm: boolean; newsletter: boolean };

/** The contact form and the newsletter exist and have no switch; the webshop is off until the owner opens it. */
export const defaultFeatures: ClinicFeatures = { webshop: false, contactForm: true, newsletter: true };

/** The clinic's switches, read in the action's transaction: the statement and the record both ask here. */
export async function clinicFeatures(tx: Tx): Promise<ClinicFeatures> {
  const [shop] = await tx.select({ enabled: shopSettings.enabled }).from(shopSettings).limit(1);
  return { ...defaultFeatures, webshop: shop?.enabled ?? false };
}
