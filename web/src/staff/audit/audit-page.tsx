import { Stack, Tabs, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { OwnerOnly } from '../session/owner-only';
import { AuditLogTab } from './audit-log-tab';
import { BreakGlassReviewTab } from './break-glass-review-tab';
import { UnusualAccessTab } from './unusual-access-tab';

export function AuditPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('audit.title')} · ${t('common.brand')}`);
  return (
    <OwnerOnly>
      <Stack gap="lg">
        <Title order={1}>{t('audit.title')}</Title>
        <Tabs defaultValue="log" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="log">{t('audit.tabLog')}</Tabs.Tab>
            <Tabs.Tab value="unusual">{t('audit.tabUnusual')}</Tabs.Tab>
            <Tabs.Tab value="break-glass">{t('audit.tabBreakGlass')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="log" pt="md">
            <AuditLogTab />
          </Tabs.Panel>
          <Tabs.Panel value="unusual" pt="md">
            <UnusualAccessTab />
          </Tabs.Panel>
          <Tabs.Panel value="break-glass" pt="md">
            <BreakGlassReviewTab />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </OwnerOnly>
  );
}
