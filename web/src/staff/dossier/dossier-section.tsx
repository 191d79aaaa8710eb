import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { BreakGlassPanel } from '../clients/break-glass-panel';
import { useSignedInSession } from '../session/session-query';
import { DossierTimeline } from './dossier-timeline';
import { type Dossier, useDossier } from './dossier-types';
import { EmailForm } from './email-form';
import { HomeProductForm } from './home-product-form';
import { SkinAnalysisForm } from './skin-analysis-form';
import { TreatmentForm } from './treatment-form';
import { WarningText } from './warning-text';

type Adding = 'treatment' | 'analysis' | 'homeProduct' | 'email';

const ADD_BUTTONS = [
  { adding: 'treatment', label: 'dossier.addTreatment', title: 'dossier.newTreatmentTitle' },
  { adding: 'analysis', label: 'dossier.addAnalysis', title: 'dossier.newAnalysisTitle' },
  { adding: 'homeProduct', label: 'dossier.addHomeProduct', title: 'dossier.newHomeProductTitle' },
  { adding: 'email', label: 'dossier.addEmail', title: 'dossier.newEmailTitle' },
] as const;

/** The medical dossier on the client's page: for the owner and practitioners who treat the client. */
export function DossierSection({
  clientId,
  opened,
  onOpen,
  onReadable,
}: {
  clientId: string;
  /** Whether the medical part may be asked for yet (the owner opens it explicitly). */
  opened: boolean;
  onOpen: () => void;
  /** Called once the dossier could be read: the other medical sections may then load too. */
  onReadable: () => void;
}) {
  const { t } = useTranslation();
  const { staff } = useSignedInSession();
  const reception = staff.role === 'reception';
  const waitForOwner = staff.role === 'owner' && !opened;
  const dossier = useDossier(clientId, !reception && !waitForOwner);
  const status = dossier.error instanceof ApiError ? dossier.error.status : undefined;
  const readable = dossier.data !== undefined;
  useEffect(() => {
    if (readable) onReadable();
  }, [readable, onReadable]);

  if (reception || status === 403) return <ReceptionNote />;
  if (waitForOwner) {
    return (
      <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="dossier-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="dossier-title">
            {t('dossier.title')}
          </Title>
          <Text size="sm">{t('dossier.ownerIntro')}</Text>
          <Group>
            <Button variant="light" onClick={onOpen}>
              {t('dossier.open')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }
  if (status === 404) return <BreakGlassPanel clientId={clientId} canBreakGlass scope="dossier" />;
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="dossier-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="dossier-title">
          {t('dossier.title')}
        </Title>
        {dossier.isPending ? (
          <Loader role="status" aria-label={t('common.loading')} />
        ) : dossier.isError ? (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(dossier.error))}
          </Alert>
        ) : (
          <DossierContent clientId={clientId} dossier={dossier.data} />
        )}
      </Stack>
    </Paper>
  );
}

function DossierContent({ clientId, dossier }: { clientId: string; dossier: Dossier }) {
  const { t } = useTranslation();
  // A report started from an appointment (the client's appointments list): its time and treatment.
  const [params, setParams] = useSearchParams();
  const fromAppointment =
    params.get('reportType') && params.get('reportAt')
      ? { treatmentTypeId: params.get('reportType') as string, performedAt: params.get('reportAt') as string }
      : undefined;
  const [adding, setAdding] = useState<Adding | undefined>(fromAppointment ? 'treatment' : undefined);
  const open = ADD_BUTTONS.find((button) => button.adding === adding);
  const close = () => {
    setAdding(undefined);
    if (fromAppointment) setParams({}, { replace: true });
  };
  return (
    <>
      <LatestWarnings dossier={dossier} />
      {open ? (
        <Paper
          p="md"
          radius="md"
          bg="var(--mantine-color-rose-0)"
          component="section"
          aria-labelledby="dossier-form-title"
        >
          <Title order={3} size="h4" id="dossier-form-title" mb="sm">
            {t(open.title)}
          </Title>
          {adding === 'treatment' && (
            <TreatmentForm clientId={clientId} onDone={close} initial={fromAppointment} />
          )}
          {adding === 'analysis' && (
            <SkinAnalysisForm clientId={clientId} treatments={dossier.treatments} onDone={close} />
          )}
          {adding === 'homeProduct' && <HomeProductForm clientId={clientId} onDone={close} />}
          {adding === 'email' && <EmailForm clientId={clientId} onDone={close} />}
        </Paper>
      ) : (
        <Group gap="sm">
          {ADD_BUTTONS.map((button) => (
            <Button key={button.adding} variant="light" onClick={() => setAdding(button.adding)}>
              {t(button.label)}
            </Button>
          ))}
        </Group>
      )}
      <DossierTimeline dossier={dossier} />
    </>
  );
}

/** The warnings confirmed at the latest treatment, on top: they will most likely matter again. */
function LatestWarnings({ dossier }: { dossier: Dossier }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const latest = dossier.treatments
    .filter((treatment) => treatment.kind === 'treatment')
    .sort((a, b) => b.performedAt.localeCompare(a.performedAt))[0];
  if (!latest || latest.warningsConfirmed.length === 0) return null;
  const rulesOut = latest.warningsConfirmed.some((warning) => warning.effect === 'rules_out');
  return (
    <Alert
      color={rulesOut ? 'red' : 'orange'}
      variant="light"
      title={t('dossier.latestWarningsTitle', {
        name: latest.treatmentTypeName ?? '',
        at: time.dateTime(latest.performedAt),
      })}
      data-testid="latest-warnings"
    >
      <Stack gap={4}>
        {latest.warningsConfirmed.map((warning) => (
          <WarningText key={warning.questionKey} warning={warning} />
        ))}
      </Stack>
    </Alert>
  );
}

function ReceptionNote() {
  const { t } = useTranslation();
  return (
    <Paper
      component="section"
      p="md"
      radius="lg"
      withBorder
      aria-labelledby="dossier-title"
      data-testid="dossier-reception"
    >
      <Title order={2} size="h3" id="dossier-title" mb="xs">
        {t('dossier.title')}
      </Title>
      <Text c="dimmed">{t('dossier.receptionNote')}</Text>
    </Paper>
  );
}
