import { Alert, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { MailServerBanner } from '../outbox/mail-server-banner';
import { ROLE_LABEL } from '../session/role-label';
import { useSignedInSession } from '../session/session-query';
import { useDashboard } from './dashboard-query';
import { OwnerStart } from './owner-start';
import { PractitionerStart } from './practitioner-start';
import { ReceptionStart } from './reception-start';

/** /app: the start page of the signed-in staff member — what needs doing, each item linking to where it is handled. */
export function StartPage() {
  const { t } = useTranslation();
  const { t: ts } = useTranslation('start');
  const { staff } = useSignedInSession();
  useDocumentTitle(`${t('home.title')} · ${t('common.brand')}`);
  const dashboard = useDashboard();
  const page = dashboard.data;
  return (
    <Stack gap="lg" maw={900}>
      <Stack gap={4}>
        <Title order={1}>{t('home.greeting', { name: staff.name })}</Title>
        <Group gap="xs">
          <Text c="dimmed">{t('home.signedInAs')}</Text>
          <Badge variant="light" data-testid="staff-role" tt="none">
            {t(ROLE_LABEL[staff.role])}
          </Badge>
        </Group>
      </Stack>
      <MailServerBanner short enabled={staff.role === 'owner'} />
      {dashboard.isPending && <Loader size="sm" role="status" aria-label={t('home.title')} />}
      {dashboard.isError && <Alert color="red">{ts('loadFailed')}</Alert>}
      {page?.role === 'practitioner' && <PractitionerStart page={page} />}
      {page?.role === 'reception' && <ReceptionStart page={page} />}
      {page?.role === 'owner' && <OwnerStart page={page} />}
    </Stack>
  );
}
