import { Alert, Anchor, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ClientAppointments } from '../../agenda/staff/client-appointments';
import { ClientPrivacySection } from '../../privacy/client-privacy-section';
import { MarketingAndDisclosuresSection } from '../../privacy/marketing-and-disclosures-section';
import { ApiError, apiGet, apiPatch } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { DossierSection } from '../dossier/dossier-section';
import { IntakeSection } from '../intake/intake-section';
import { InvoicesSection } from '../invoices/invoices-section';
import { PhotosSection } from '../photos/photos-section';
import { useSignedInSession } from '../session/session-query';
import { AssignPractitioner } from './assign-practitioner';
import { BreakGlassPanel } from './break-glass-panel';
import { ClientForm } from './client-form';
import { type Client, clientKey } from './client-types';
import { MergeDuplicateDialog, type MergeResult, MergeResultAlert } from './merge-duplicate';

export function ClientPage() {
  const { t } = useTranslation();
  const { clientId = '' } = useParams();
  const client = useQuery({
    queryKey: clientKey(clientId),
    queryFn: ({ signal }) => apiGet<Client>(`/api/clients/${encodeURIComponent(clientId)}`, signal),
    retry: false,
  });
  useDocumentTitle(
    `${client.data ? `${client.data.firstName} ${client.data.lastName}` : t('clients.clientTitle')} · ${t('common.brand')}`,
  );
  const back = (
    <Anchor component={Link} to="/app/clients" size="sm">
      {t('clients.backToSearch')}
    </Anchor>
  );
  if (client.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (client.isError) {
    const status = client.error instanceof ApiError ? client.error.status : undefined;
    if (status === 404 || status === 400) {
      return (
        <Stack gap="md" maw={720}>
          {back}
          <BreakGlassPanel clientId={clientId} canBreakGlass={status === 404} />
        </Stack>
      );
    }
    return (
      <Stack gap="md" maw={720}>
        {back}
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(client.error))}
        </Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="md" maw={960}>
      {back}
      <ClientDetails client={client.data} />
    </Stack>
  );
}

function ClientDetails({ client }: { client: Client }) {
  const { t } = useTranslation();
  const { staff } = useSignedInSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [merged, setMerged] = useState<{ result: MergeResult; duplicate: Client }>();
  // The owner sees every client's contact details but medical data only with a care relationship:
  // the dossier waits until they open it, and intake and photos load only once the dossier could be
  // read, so looking at contact details never logs refused medical reads.
  const [medicalOpened, setMedicalOpened] = useState(staff.role !== 'owner');
  const [medicalReadable, setMedicalReadable] = useState(false);
  const markReadable = useCallback(() => setMedicalReadable(true), []);
  const update = useMutation({
    mutationFn: (body: Record<string, string | null>) =>
      apiPatch<Client>(`/api/clients/${encodeURIComponent(client.id)}`, body),
    onSuccess: (updated) => {
      queryClient.setQueryData(clientKey(client.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['clients', 'search'] });
      setEditing(false);
    },
  });

  return (
    <>
      <Group justify="space-between" align="center">
        <Title order={1}>
          {client.firstName} {client.lastName}
        </Title>
        <Group gap="sm">
          {!editing && (
            <Button variant="light" onClick={() => setEditing(true)}>
              {t('clients.edit')}
            </Button>
          )}
          <Button variant="default" onClick={() => setMerging(true)}>
            {t('merge.action')}
          </Button>
        </Group>
      </Group>
      {merged && (
        <MergeResultAlert
          result={merged.result}
          duplicate={merged.duplicate}
          onClose={() => setMerged(undefined)}
        />
      )}
      {merging && (
        <MergeDuplicateDialog
          survivor={client}
          onClose={() => setMerging(false)}
          onMerged={(result, duplicate) => {
            setMerging(false);
            setMerged({ result, duplicate });
            // The survivor may have taken over contact details, and its dossier, intakes and photos grew.
            queryClient.removeQueries({ queryKey: clientKey(duplicate.id) });
            void queryClient.invalidateQueries({ queryKey: clientKey(client.id) });
            void queryClient.invalidateQueries({ queryKey: ['clients', 'search'] });
          }}
        />
      )}
      <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="contact-title">
        <Title order={2} size="h3" id="contact-title" mb="sm">
          {t('clients.contactTitle')}
        </Title>
        {editing ? (
          <ClientForm
            client={client}
            submitLabel={t('clients.save')}
            pending={update.isPending}
            error={update.error}
            onSubmit={(body) => update.mutate(body)}
            onCancel={() => {
              update.reset();
              setEditing(false);
            }}
          />
        ) : (
          <ContactDetails client={client} />
        )}
      </Paper>
      <ClientAppointments clientId={client.id} clientName={`${client.firstName} ${client.lastName}`} />
      <DossierSection
        clientId={client.id}
        opened={medicalOpened}
        onOpen={() => setMedicalOpened(true)}
        onReadable={markReadable}
      />
      {staff.role !== 'reception' && medicalReadable && (
        <>
          <IntakeSection clientId={client.id} clientLanguage={client.preferredLanguage} />
          <PhotosSection clientId={client.id} />
        </>
      )}
      <InvoicesSection clientId={client.id} />
      <ClientPrivacySection clientId={client.id} clientLanguage={client.preferredLanguage} />
      <MarketingAndDisclosuresSection client={client} medicalReadable={medicalReadable} />
      {staff.role === 'owner' && <AssignPractitioner clientId={client.id} />}
    </>
  );
}

function ContactDetails({ client }: { client: Client }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  // The country only beside a street or a place, and not the clinic's own: a client without an
  // address read "Adres: NL" (the country's default alone).
  const lines = [
    [client.street, client.houseNumber].filter(Boolean).join(' '),
    [client.postcode, client.city].filter(Boolean).join(' '),
  ].filter(Boolean);
  const address = [...lines, lines.length > 0 && client.country !== 'NL' ? client.country : null]
    .filter(Boolean)
    .join(', ');
  const rows = [
    { label: t('clients.birthDate'), value: client.birthDate ? time.date(client.birthDate) : null },
    { label: t('clients.email'), value: client.email },
    { label: t('clients.phone'), value: client.phone },
    { label: t('clients.address'), value: address || null },
    {
      label: t('clients.preferredLanguage'),
      value: client.preferredLanguage === 'en' ? 'English' : 'Nederlands',
    },
  ];
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="md" m={0} data-testid="client-details">
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
