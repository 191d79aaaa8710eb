import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES } from './i18n';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={4} role="group" aria-label={t('common.languageSwitcher')} wrap="nowrap">
      {LANGUAGES.map((language) => {
        const active = i18n.resolvedLanguage === language.code;
        return (
          <Button
            key={language.code}
            size="compact-sm"
            variant={active ? 'filled' : 'subtle'}
            aria-pressed={active}
            title={language.name}
            lang={language.code}
            onClick={() => void changeLanguage(language.code)}
          >
            {language.label}
          </Button>
        );
      })}
    </Group>
  );
}
