/**
 * The voice of every e-mail: Vellum speaks to clients and staff with "je" (as the site, the
 * statement and the intake do), greets people by their name, never as "cliënt", and signs with
 * the clinic's name.
 */
import type { DocumentLanguage } from './document-format';

export function greeting(firstName: string, language: DocumentLanguage): string {
  return language === 'en' ? `Dear ${firstName},` : `Beste ${firstName},`;
}

export function signOff(clinicName: string, language: DocumentLanguage): string[] {
  return [language === 'en' ? 'Kind regards,' : 'Met vriendelijke groet,', clinicName];
}
