import { Alert, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedInSession } from './session-query';

/** Pages for the owner; the server refuses the others anyway, this only explains it. */
export function OwnerOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { staff } = useSignedInSession();
  if (staff.role === 'owner') return children;
  return (
    <Stack maw={560}>
      <Alert color="yellow" variant="light" role="alert" title={t('ownerOnly.title')}>
        {t('ownerOnly.text')}
      </Alert>
    </Stack>
  );
}
