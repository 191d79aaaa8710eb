import { Alert, Badge, Button, Group, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { IntakeLanguage } from '../../intake/intake-types';
import { ApiError, apiGet, apiGetBlob, apiPost } from '../../shared/api';
import type { ApiResponse, ApiSchemas } from '../../shared/api-types';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { intakeKeys, startClientMode } from './client-mode';

// The API's answers, as its OpenAPI document describes them (decision 0024).
type TreatmentTypeOption = ApiSchemas['TreatmentType'];
type IntakeSummary = ApiSchemas['IntakeSummary'];

/** The current intake form of a treatment type, as staff open it for client mode. */
export type IntakeFormForStaff = ApiResponse<'/api/intake-forms/{treatmentTypeId}', 'get'>;

/** Intakes on the client's page: the list, filling in at the clinic (client mode), the link by e-mail. */
export function IntakeSection({
  clientId,
  clientLanguage,
}: {
  clientId: string;
  clientLanguage: IntakeLanguage;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [pickedTypeId, setTreatmentTypeId] = useState<string | null>(null);
  const navigate = useNavigate();
  const intakes = useQuery({
    queryKey: intakeKeys.ofClient(clientId),
    queryFn: ({ signal }) =>
      apiGet<IntakeSummary[]>(`/api/clients/${encodeURIComponent(clientId)}/intakes`, signal),
    retry: false,
  });
  const types = useQuery({
    queryKey: intakeKeys.treatmentTypes,
    queryFn: ({ signal }) => apiGet<TreatmentTypeOption[]>('/api/treatment-types', signal),
  });
  // The form is fetched before client mode starts, so a failure leaves the staff view as it was.
  const openForm = useMutation({
    mutationFn: async (id: string) => {
      const form = await apiGet<IntakeFormForStaff>(`/api/intake-forms/${encodeURIComponent(id)}`);
      await startClientMode(
        queryClient,
        (params) => Promise.resolve(navigate({ search: `?${params}` }, { replace: true })),
        clientId,
        form,
        clientLanguage,
      );
    },
  });
  const sendLink = useMutation({
    mutationFn: (id: string) =>
      apiPost<ApiResponse<'/api/clients/{clientId}/intake-links', 'post'>>(
        `/api/clients/${encodeURIComponent(clientId)}/intake-links`,
        { treatmentTypeId: id, language: clientLanguage },
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: intakeKeys.ofClient(clientId) }),
  });
  const time = useClinicTime();
  const status = intakes.error instanceof ApiError ? intakes.error.status : undefined;
  if (status === 403 || status === 404) return null;

  const options = (types.data ?? [])
    .filter((type) => type.active && type.intakeTemplateKey)
    .map((type) => ({ value: type.id, label: type.name }));
  // A clinic with one treatment that has an intake form need not pick it: it is chosen already.
  const treatmentTypeId = pickedTypeId ?? (options.length === 1 ? (options[0]?.value ?? null) : null);

  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="intakes-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="intakes-title">
          {t('intake.sectionTitle')}
        </Title>
        <Group align="flex-end" gap="sm">
          <Select
            label={t('intake.treatmentType')}
            placeholder={options.length === 0 ? t('intake.noTreatmentTypes') : undefined}
            data={options}
            value={treatmentTypeId}
            onChange={(value) => {
              setTreatmentTypeId(value);
              openForm.reset();
              sendLink.reset();
            }}
            disabled={options.length === 0}
            miw={240}
          />
          <Button
            disabled={!treatmentTypeId}
            loading={openForm.isPending}
            onClick={() => treatmentTypeId && openForm.mutate(treatmentTypeId)}
          >
            {t('intake.startClientMode')}
          </Button>
          <Button
            variant="light"
            disabled={!treatmentTypeId}
            loading={sendLink.isPending}
            onClick={() => treatmentTypeId && sendLink.mutate(treatmentTypeId)}
          >
            {t('intake.sendLink')}
          </Button>
        </Group>
        {(openForm.isError || sendLink.isError) && (
          <Alert color="red" variant="light" role="alert">
            {sendLink.error instanceof ApiError && sendLink.error.fieldError('clientId')
              ? t('intake.noEmail')
              : t(requestErrorKey(openForm.error ?? sendLink.error))}
          </Alert>
        )}
        {sendLink.isSuccess && (
          <Alert color="teal" variant="light" role="status" data-testid="intake-link-sent">
            {t('intake.linkSent', {
              recipient: sendLink.data.recipient,
              expires: time.dateTime(sendLink.data.expiresAt),
            })}
          </Alert>
        )}
        {intakes.isPending ? (
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        ) : intakes.isError ? (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(intakes.error))}
          </Alert>
        ) : intakes.data.length === 0 ? (
          <Text c="dimmed">{t('intake.none')}</Text>
        ) : (
          <Stack gap="xs" component="ul" p={0} m={0} data-testid="intakes">
            {intakes.data.map((intake) => (
              <IntakeRow key={intake.id} clientId={clientId} intake={intake} all={intakes.data} />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function IntakeRow({
  clientId,
  intake,
  all,
}: {
  clientId: string;
  intake: IntakeSummary;
  all: IntakeSummary[];
}) {
  const { t, i18n } = useTranslation();
  const time = useClinicTime();
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
  const pdf = useMutation({
    mutationFn: () =>
      apiGetBlob(
        `/api/clients/${encodeURIComponent(clientId)}/intakes/${encodeURIComponent(intake.id)}/pdf?lang=${language}`,
      ),
    onSuccess: (blob) => {
      const url = URL.createObjectURL(blob);
      const opened = window.open(url, '_blank');
      if (!opened) {
        const link = document.createElement('a');
        link.href = url;
        link.download = `intake-${intake.template.key}-${intake.version}.pdf`;
        link.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
  const supersedes = intake.supersedesId ? all.find((other) => other.id === intake.supersedesId) : undefined;
  return (
    <Paper component="li" p="sm" radius="md" withBorder data-testid="intake-row" data-status={intake.status}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600}>{intake.treatmentName}</Text>
            <Badge color={intake.status === 'signed' ? 'teal' : 'gray'} variant="light">
              {intake.status === 'signed' ? t('intake.statusSigned') : t('intake.statusDraft')}
            </Badge>
            {intake.supersededById && (
              <Badge color="orange" variant="light">
                {t('intake.superseded')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t('intake.templateVersion', {
              name: intake.template.name[language],
              version: intake.template.version,
            })}
            {' · '}
            {intake.channel === 'link' ? t('intake.channelLink') : t('intake.channelClinic')}
          </Text>
          <Text size="sm">
            {intake.signedAt
              ? t('intake.signedAt', { at: time.dateTime(intake.signedAt) })
              : intake.linkExpiresAt
                ? t('intake.waitingForClient', { at: time.dateTime(intake.linkExpiresAt) })
                : t('intake.notSigned')}
          </Text>
          {intake.supersedesId && (
            <Text size="sm" c="dimmed">
              {t('intake.supersedes', {
                at: supersedes?.signedAt ? time.dateTime(supersedes.signedAt) : '—',
              })}
            </Text>
          )}
        </Stack>
        {intake.status === 'signed' && (
          <Button variant="light" size="compact-md" loading={pdf.isPending} onClick={() => pdf.mutate()}>
            {t('intake.pdf')}
          </Button>
        )}
      </Group>
      {pdf.isError && (
        <Alert color="red" variant="light" role="alert" mt="xs">
          {t(requestErrorKey(pdf.error))}
        </Alert>
      )}
    </Paper>
  );
}
