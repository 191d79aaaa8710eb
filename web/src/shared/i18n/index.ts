import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { agendaEn } from './agenda-en';
import { agendaNl } from './agenda-nl';
import { auditEn } from './audit-en';
import { auditNl } from './audit-nl';
import { breakGlassEn } from './break-glass-en';
import { breakGlassNl } from './break-glass-nl';
import { cancelPageEn } from './cancel-page-en';
import { cancelPageNl } from './cancel-page-nl';
import { contraEn } from './contra-en';
import { contraNl } from './contra-nl';
import { correctionEn } from './correction-en';
import { correctionNl } from './correction-nl';
import { en } from './en';
import { intakeEditorEn } from './intake-editor-en';
import { intakeEditorNl } from './intake-editor-nl';
import { invoicesEn } from './invoices-en';
import { invoicesNl } from './invoices-nl';
import { readLanguageCookie, writeLanguageCookie } from './language-cookie';
import { locationsEn } from './locations-en';
import { locationsNl } from './locations-nl';
import { nl } from './nl';
import { photoComparisonEn } from './photo-comparison-en';
import { photoComparisonNl } from './photo-comparison-nl';
import { privacyEn } from './privacy-en';
import { privacyNl } from './privacy-nl';
import { shopEn } from './shop-en';
import { shopNl } from './shop-nl';
import { startEn } from './start-en';
import { startNl } from './start-nl';
import { teamEn } from './team-en';
import { teamNl } from './team-nl';
import { treatmentTypesEn } from './treatment-types-en';
import { treatmentTypesNl } from './treatment-types-nl';

export const LANGUAGES = [
  { code: 'nl', label: 'NL', name: 'Nederlands' },
  { code: 'en', label: 'EN', name: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];
export const DEFAULT_LANGUAGE: Language = 'nl';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((language) => language.code === value);
}

function initialLanguage(): Language {
  const fromCookie = readLanguageCookie();
  return isLanguage(fromCookie) ? fromCookie : DEFAULT_LANGUAGE;
}

export function changeLanguage(language: Language): Promise<unknown> {
  writeLanguageCookie(language);
  return i18next.changeLanguage(language);
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

// Resources are bundled, so initialisation completes synchronously before the first render.
void i18next.use(initReactI18next).init({
  resources: {
    nl: {
      translation: nl,
      privacy: privacyNl,
      agenda: agendaNl,
      invoices: invoicesNl,
      audit: auditNl,
      start: startNl,
      team: teamNl,
      breakGlass: breakGlassNl,
      contra: contraNl,
      treatmentTypes: treatmentTypesNl,
      photoComparison: photoComparisonNl,
      shop: shopNl,
      cancelPage: cancelPageNl,
      intakeEditor: intakeEditorNl,
      correction: correctionNl,
      locations: locationsNl,
    },
    en: {
      translation: en,
      privacy: privacyEn,
      agenda: agendaEn,
      invoices: invoicesEn,
      audit: auditEn,
      start: startEn,
      team: teamEn,
      breakGlass: breakGlassEn,
      contra: contraEn,
      treatmentTypes: treatmentTypesEn,
      photoComparison: photoComparisonEn,
      shop: shopEn,
      cancelPage: cancelPageEn,
      intakeEditor: intakeEditorEn,
      correction: correctionEn,
      locations: locationsEn,
    },
  },
  lng: initialLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES.map((language) => language.code),
  interpolation: { escapeValue: false },
  initAsync: false,
});
document.documentElement.lang = i18next.language;

export { i18next };
