import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function StaffHomePage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('staff.homeTitle')} · ${t('common.brand')}`);
  return (
    <Stack gap="md" maw={640}>
      <Title order={1}>{t('staff.homeTitle')}</Title>
      <Paper p="lg" radius="lg" withBorder>
        <Stack gap="sm">
          <Text>{t('staff.homeSignInNeeded')}</Text>
          <Anchor component={Link} to="/app/login" fw={500}>
            {t('staff.homeSignInLink')}
          </Anchor>
        </Stack>
      </Paper>
    </Stack>
  );
}
