import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSignedInSession } from '../../staff/session/session-query';
import { usePrivacyText } from '../privacy-text';
import { BackupStatusPanel } from './backup-status';
import { CorrectionRequestsTab } from './correction-requests-tab';
import { ErasureRequestsTab } from './erasure-requests-tab';
import { IncidentsTab } from './incidents-tab';
import { MissingConsentsTab } from './missing-consents-tab';
import { PaperDestructionTab } from './paper-destruction-tab';
import { ProcessingRecordTab } from './processing-record-tab';
import { ProcessorsTab } from './processors-tab';
import { ReportIncidentForm } from './report-incident-form';
import { RetentionTab } from './retention-tab';

const OWNER_TABS = [
  'erasure',
  'corrections',
  'retention',
  'incidents',
  'processors',
  'record',
  'paper',
  'consents',
] as const;
// What reception and practitioners may do here; the server refuses the rest anyway.
const TEAM_TABS = ['paper', 'consents', 'report'] as const;
type Tab = (typeof OWNER_TABS)[number] | (typeof TEAM_TABS)[number];

const PANELS: Record<Tab, () => React.ReactNode> = {
  erasure: () => <ErasureRequestsTab />,
  corrections: () => <CorrectionRequestsTab />,
  retention: () => <RetentionTab />,
  incidents: () => <IncidentsTab />,
  processors: () => <ProcessorsTab />,
  record: () => <ProcessingRecordTab />,
  paper: () => <PaperDestructionTab />,
  consents: () => <MissingConsentsTab />,
  report: () => <ReportIncidentForm />,
};

/** /app/privacy: the clinic's privacy duties in one place, each tab one register or list. */
export function PrivacyPage() {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('correction');
  const tp = usePrivacyText();
  useDocumentTitle(`${tp('page.title')} · ${t('common.brand')}`);
  const { staff } = useSignedInSession();
  const tabs: readonly Tab[] = staff.role === 'owner' ? OWNER_TABS : TEAM_TABS;
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active = tabs.find((tab) => tab === requested) ?? tabs[0] ?? 'paper';
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{tp('page.title')}</Title>
        <Text c="dimmed">{staff.role === 'owner' ? tp('page.introOwner') : tp('page.introTeam')}</Text>
      </Stack>
      {staff.role === 'owner' && <BackupStatusPanel />}
      <Tabs
        value={active}
        onChange={(value) => value && setParams({ tab: value }, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {tab === 'corrections' ? tc('staff.tab') : tp(`tab.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Panel key={tab} value={tab} pt="md">
            {PANELS[tab]()}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
