import { useTranslation } from 'react-i18next';
import type { privacyNl } from '../shared/i18n/privacy-nl';

// The privacy texts live in their own i18next namespace ("privacy"). It is not declared in
// i18next.d.ts: ~400 more keys there push helpers typed `ReturnType<typeof useTranslation>['t']`
// (audit log, merge dialog) past TypeScript's instantiation depth. The keys are checked here instead.

type Singular<K extends string> = K extends `${infer Base}_${'one' | 'other'}` ? Base : K;
type Keys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${Singular<K>}` : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type PrivacyKey = Keys<typeof privacyNl>;
export type PrivacyText = (key: PrivacyKey, options?: Record<string, string | number>) => string;

/** Texts of the privacy pages in the active language; re-renders when the language changes. */
export function usePrivacyText(): PrivacyText {
  const { i18n } = useTranslation();
  const translate = i18n.getFixedT(null, 'privacy' as 'translation') as unknown as (
    key: string,
    options?: Record<string, string | number>,
  ) => string;
  return (key, options) => translate(key, options);
}
