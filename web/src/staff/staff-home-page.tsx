import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MailServerBanner } from './outbox/mail-server-banner';
import { ROLE_LABEL } from './session/role-label';
import { useSignedInSession } from './session/session-query';

const SHORTCUTS = [
  { to: '/app/clients', title: 'staff.navClients', text: 'home.clientsText', ownerOnly: false },
  { to: '/app/team', title: 'staff.navTeam', text: 'home.teamText', ownerOnly: true },
  { to: '/app/catalogue', title: 'staff.navCatalogue', text: 'home.catalogueText', ownerOnly: true },
  { to: '/app/audit', title: 'staff.navAudit', text: 'home.auditText', ownerOnly: true },
  { to: '/app/outbox', title: 'staff.navOutbox', text: 'home.outboxText', ownerOnly: true },
] as const;

export function StaffHomePage() {
  const { t } = useTranslation();
  const { staff } = useSignedInSession();
  useDocumentTitle(`${t('home.title')} · ${t('common.brand')}`);
  const shortcuts = SHORTCUTS.filter((item) => !item.ownerOnly || staff.role === 'owner');
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
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {shortcuts.map((item) => (
          <Paper key={item.to} p="lg" radius="lg" withBorder>
            <Stack gap="xs">
              <Anchor component={Link} to={item.to} fw={600} fz="lg">
                {t(item.title)}
              </Anchor>
              <Text size="sm">{t(item.text)}</Text>
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
