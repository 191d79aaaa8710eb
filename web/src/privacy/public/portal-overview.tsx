import { Alert, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinicName } from '../../public/clinic-name';
import { ApiError, apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { usePrivacyText } from '../privacy-text';
import type { PortalOverview as Overview } from '../privacy-types';
import { PortalAccess } from './portal-access';
import { PortalConsents } from './portal-consents';
import { PortalCorrection } from './portal-correction';
import { PortalDisclosure } from './portal-disclosure';
import { PortalDownloads } from './portal-downloads';
import { ErasureRequested, PortalErasure } from './portal-erasure';
import classes from './public-privacy.module.css';

export const PORTAL_KEY = ['privacy-portal', 'overview'] as const;

/** The answer of a link that is used up or past its hour. */
export function linkExpired(error: unknown): boolean {
  return error instanceof ApiError && [400, 401, 403, 404, 410].includes(error.status);
}

/** What the clinic holds about the client, with what they can do about it. */
export function PortalOverview({ token, onExpired }: { token: string; onExpired: () => void }) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('correction');
  const tp = usePrivacyText();
  const clinic = useClinicName();
  const overview = useQuery({
    queryKey: PORTAL_KEY,
    queryFn: () => apiPost<Overview>('/api/public/privacy-portal/overview', { token }),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  const expired = overview.isError && linkExpired(overview.error);
  useEffect(() => {
    if (expired) onExpired();
  }, [expired, onExpired]);

  if (overview.isPending || expired) return <Loader role="status" aria-label={t('common.loading')} my="xl" />;
  if (overview.isError) {
    return (
      <Stack gap="md" className={classes.column}>
        <Title order={1}>{tp('portal.title')}</Title>
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(overview.error))}
        </Alert>
      </Stack>
    );
  }
  const data = overview.data;
  return (
    <Stack gap="lg" className={classes.column}>
      <Stack gap="xs">
        <Title order={1}>{tp('portal.overviewTitle', { clinic })}</Title>
        <Text>
          {tp('portal.overviewIntro', { name: `${data.client.firstName} ${data.client.lastName}` })}
        </Text>
        <Text size="sm" c="dimmed">
          {tp('portal.overviewHour')}
        </Text>
      </Stack>
      {data.erasureRequest && <ErasureRequested deadlineAt={data.erasureRequest.deadlineAt} />}
      <PortalSection id="portal-details" title={tp('portal.detailsTitle')}>
        <Details client={data.client} />
      </PortalSection>
      <PortalSection id="portal-held" title={tp('portal.heldTitle')}>
        <Held held={data.held} />
      </PortalSection>
      <PortalSection id="portal-downloads" title={tp('portal.downloadsTitle')}>
        <PortalDownloads token={token} onExpired={onExpired} />
      </PortalSection>
      <PortalSection id="portal-consents" title={tp('portal.consentsTitle')}>
        <PortalConsents token={token} consents={data.consents} onExpired={onExpired} />
      </PortalSection>
      <PortalSection id="portal-access" title={tp('portal.accessTitle')}>
        <PortalAccess token={token} log={data.accessLog} onExpired={onExpired} />
      </PortalSection>
      <PortalSection id="portal-correction" title={tc('portal.title')}>
        <PortalCorrection token={token} corrections={data.corrections} onExpired={onExpired} />
      </PortalSection>
      <PortalSection id="portal-disclosure" title={tp('portal.disclosureTitle')}>
        <PortalDisclosure token={token} onExpired={onExpired} />
      </PortalSection>
      <PortalSection id="portal-erasure" title={tp('portal.erasureTitle')}>
        <PortalErasure token={token} request={data.erasureRequest} onExpired={onExpired} />
      </PortalSection>
    </Stack>
  );
}

export function PortalSection({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <Paper
      component="section"
      p={{ base: 'md', sm: 'lg' }}
      radius="lg"
      className={classes.card}
      aria-labelledby={`${id}-title`}
      data-testid={id}
    >
      <Title order={2} size="h3" id={`${id}-title`} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Details({ client }: { client: Overview['client'] }) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  const address = [
    [client.street, client.houseNumber].filter(Boolean).join(' '),
    [client.postcode, client.city].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
  const rows = [
    { label: tp('portal.name'), value: `${client.firstName} ${client.lastName}` },
    { label: tp('portal.birthDate'), value: client.birthDate ? time.date(client.birthDate) : null },
    { label: tp('portal.email'), value: client.email },
    { label: tp('portal.phone'), value: client.phone },
    { label: tp('portal.address'), value: address || null },
  ];
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="md" m={0}>
      {rows.map((row) => (
        <div key={row.label}>
          <Text component="dt" size="sm" c="dimmed">
            {row.label}
          </Text>
          <Text component="dd" m={0}>
            {row.value ?? '—'}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

function Held({ held }: { held: Overview['held'] }) {
  const tp = usePrivacyText();
  const rows = [
    { label: tp('portal.heldTreatments'), count: held.treatments },
    { label: tp('portal.heldAnalyses'), count: held.analyses },
    { label: tp('portal.heldIntakes'), count: held.intakes },
    { label: tp('portal.heldPhotos'), count: held.photos },
    { label: tp('portal.heldEmails'), count: held.emails },
    { label: tp('portal.heldHomeProducts'), count: held.homeProducts },
  ];
  return (
    <Stack gap="sm">
      <SimpleGrid component="dl" cols={{ base: 2, sm: 3 }} spacing="md" m={0}>
        {rows.map((row) => (
          <div key={row.label}>
            <Text component="dt" size="sm" c="dimmed">
              {row.label}
            </Text>
            <Text component="dd" m={0} fw={600} fz="lg">
              {row.count}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {tp('portal.heldNote')}
      </Text>
    </Stack>
  );
}
