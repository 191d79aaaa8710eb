import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiGet, apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { ClientSummary } from './client-summary';
import type { Client } from './client-types';

const MIN_QUERY = 2;

export interface MergeCounts {
  treatments: number;
  analyses: number;
  homeProducts: number;
  emails: number;
  intakes: number;
  photoSets: number;
  photos: number;
}

export interface MergeResult {
  id: string;
  moved: MergeCounts;
}

interface Props {
  /** The client whose page this is: the record that remains. */
  survivor: Client;
  onMerged: (result: MergeResult, duplicate: Client) => void;
  onClose: () => void;
}

/**
 * Two records of the same person become one: staff find the other record, compare both side by
 * side, and confirm. The record on this page remains; the other is removed and its records move here.
 */
export function MergeDuplicateDialog({ survivor, onMerged, onClose }: Props) {
  const { t } = useTranslation();
  const [duplicate, setDuplicate] = useState<Client>();
  const merge = useMutation({
    mutationFn: (chosen: Client) =>
      apiPost<MergeResult>(`/api/clients/${encodeURIComponent(survivor.id)}/merge`, {
        duplicateId: chosen.id,
      }),
    onSuccess: (result, chosen) => onMerged(result, chosen),
  });
  return (
    <Modal
      opened
      onClose={() => !merge.isPending && onClose()}
      size="xl"
      title={t('merge.title', { name: fullName(survivor) })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="merge-dialog"
    >
      {duplicate ? (
        <MergeConfirmation
          survivor={survivor}
          duplicate={duplicate}
          pending={merge.isPending}
          error={merge.error}
          onConfirm={() => merge.mutate(duplicate)}
          onBack={() => {
            merge.reset();
            setDuplicate(undefined);
          }}
        />
      ) : (
        <DuplicateSearch survivor={survivor} onChoose={setDuplicate} onCancel={onClose} />
      )}
    </Modal>
  );
}

const fullName = (client: Client) => `${client.firstName} ${client.lastName}`;

function DuplicateSearch({
  survivor,
  onChoose,
  onCancel,
}: {
  survivor: Client;
  onChoose: (client: Client) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const [query, setQuery] = useState(fullName(survivor));
  const [debounced] = useDebouncedValue(query.trim(), 300);
  const search = useQuery({
    queryKey: ['clients', 'search', debounced],
    queryFn: ({ signal }) => apiGet<Client[]>(`/api/clients?q=${encodeURIComponent(debounced)}`, signal),
    enabled: debounced.length >= MIN_QUERY,
    placeholderData: keepPreviousData,
  });
  const others = (search.data ?? []).filter((client) => client.id !== survivor.id);
  const details = (client: Client) =>
    [client.birthDate ? time.date(client.birthDate) : null, client.email, client.phone, client.city]
      .filter(Boolean)
      .join(' · ');
  return (
    <Stack gap="md">
      <Text size="sm">{t('merge.searchIntro', { name: fullName(survivor) })}</Text>
      <TextInput
        type="search"
        label={t('merge.searchLabel')}
        description={t('clients.searchDescription')}
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        data-autofocus
        rightSection={
          search.isFetching ? <Loader size="xs" role="status" aria-label={t('common.loading')} /> : null
        }
      />
      {search.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(search.error))}
        </Alert>
      )}
      <div aria-live="polite">
        {debounced.length >= MIN_QUERY && search.data && others.length === 0 && (
          <Text c="dimmed">{t('merge.noOthers')}</Text>
        )}
        {debounced.length >= MIN_QUERY && others.length > 0 && (
          <Stack component="ul" gap="xs" p={0} m={0} aria-label={t('merge.resultsLabel')}>
            {others.map((client) => (
              <Paper
                component="li"
                key={client.id}
                p="sm"
                radius="md"
                withBorder
                data-testid="merge-candidate"
              >
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <div>
                    <Text fw={600} id={`merge-candidate-${client.id}`}>
                      {fullName(client)}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {details(client) || '—'}
                    </Text>
                  </div>
                  <Button
                    variant="light"
                    size="compact-md"
                    onClick={() => onChoose(client)}
                    aria-describedby={`merge-candidate-${client.id}`}
                  >
                    {t('merge.choose')}
                  </Button>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </div>
      <Group>
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

function MergeConfirmation({
  survivor,
  duplicate,
  pending,
  error,
  onConfirm,
  onBack,
}: {
  survivor: Client;
  duplicate: Client;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <RecordCard client={survivor} fate="survivor" />
        <RecordCard client={duplicate} fate="duplicate" />
      </SimpleGrid>
      <Alert
        color="orange"
        variant="light"
        role="note"
        title={t('merge.confirmTitle')}
        data-testid="merge-explanation"
      >
        <Stack gap={6}>
          <Text size="sm">{t('merge.confirmRemoved')}</Text>
          <Text size="sm">{t('merge.confirmMoved')}</Text>
          <Text size="sm">{t('merge.confirmDetails')}</Text>
          <Text size="sm" fw={600}>
            {t('merge.confirmFinal')}
          </Text>
        </Stack>
      </Alert>
      {error !== null && error !== undefined && (
        <Alert color="red" variant="light" role="alert" title={t('merge.failed')}>
          {mergeErrorText(t, error)}
        </Alert>
      )}
      <Group justify="space-between" gap="sm">
        <Button variant="default" onClick={onBack} disabled={pending}>
          {t('merge.back')}
        </Button>
        <Button color="red.8" onClick={onConfirm} loading={pending}>
          {t('merge.confirm')}
        </Button>
      </Group>
    </Stack>
  );
}

function RecordCard({ client, fate }: { client: Client; fate: 'survivor' | 'duplicate' }) {
  const { t } = useTranslation();
  const titleId = `merge-${fate}-title`;
  return (
    <Paper
      component="section"
      p="sm"
      radius="md"
      withBorder
      aria-labelledby={titleId}
      data-testid={`merge-${fate}`}
      bg={fate === 'survivor' ? 'var(--mantine-color-teal-light)' : 'var(--mantine-color-red-light)'}
    >
      <Stack gap="xs">
        <Badge color={fate === 'survivor' ? 'teal' : 'red'} variant="light" w="fit-content">
          {fate === 'survivor' ? t('merge.remains') : t('merge.removed')}
        </Badge>
        <Title order={3} size="h4" id={titleId}>
          {fullName(client)}
        </Title>
        <ClientSummary client={client} cols={1} />
      </Stack>
    </Paper>
  );
}

function mergeErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 400 && error.fieldError('duplicateId')) return t('merge.sameClient');
    if (error.status === 403) return t('merge.forbidden');
    if (error.status === 404) return t('merge.notFound');
  }
  return t(requestErrorKey(error));
}

/** What moved, for the message on the client's page after merging. */
export function MergeResultAlert({
  result,
  duplicate,
  onClose,
}: {
  result: MergeResult;
  duplicate: Client;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rows = [
    { label: t('merge.movedTreatments'), count: result.moved.treatments },
    { label: t('merge.movedAnalyses'), count: result.moved.analyses },
    { label: t('merge.movedHomeProducts'), count: result.moved.homeProducts },
    { label: t('merge.movedEmails'), count: result.moved.emails },
    { label: t('merge.movedIntakes'), count: result.moved.intakes },
    { label: t('merge.movedPhotoSets'), count: result.moved.photoSets },
    { label: t('merge.movedPhotos'), count: result.moved.photos },
  ];
  return (
    <Alert
      color="teal"
      variant="light"
      role="status"
      title={t('merge.doneTitle', { name: fullName(duplicate) })}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="merge-result"
    >
      <Stack gap="xs">
        <Text size="sm">{t('merge.doneText')}</Text>
        <SimpleGrid component="dl" cols={{ base: 2, sm: 4 }} spacing="xs" verticalSpacing={4} m={0}>
          {rows.map((row) => (
            <div key={row.label} data-testid="merge-moved">
              <Text component="dt" size="xs">
                {row.label}
              </Text>
              <Text component="dd" m={0} fw={600}>
                {row.count}
              </Text>
            </div>
          ))}
        </SimpleGrid>
      </Stack>
    </Alert>
  );
}
