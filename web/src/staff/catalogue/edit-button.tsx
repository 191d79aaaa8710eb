import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function EditButton({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      onClick={onClick}
      aria-label={t('catalogue.editNamed', { name })}
    >
      {t('catalogue.edit')}
    </Button>
  );
}
