import { Alert, Badge, Button, Group, List, Loader, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { ExportProgressNote, newProgressId, staffExportProgress } from '../export-progress';
import {
  type Disclosure,
  disclosuresKey,
  downloadFile,
  useClientPhotoSets,
  useDisclosures,
} from '../marketing-queries';
import { useClientConsents } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ConsentLanguage } from '../privacy-types';
import { DisclosureForm } from './disclosure-form';

/**
 * Disclosures to third parties (P8.2): each with the client's written request, the package made
 * for the recipient (logged every time), and who must hear of a later correction (GDPR art. 19).
 */
export function DisclosuresPanel({
  clientId,
  clientLanguage,
}: {
  clientId: string;
  clientLanguage: ConsentLanguage;
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const disclosures = useDisclosures(clientId, true);
  const consents = useClientConsents(clientId);
  // The request stands while the third-party consent it recorded does; the server refuses otherwise.
  const withdrawn = (recipient: string) =>
    (consents.data?.current ?? []).some(
      (c) => c.scope === 'third_party' && c.subject === recipient && c.decision === 'withdrawn',
    );
  const sets = useClientPhotoSets(clientId, true);
  const [adding, setAdding] = useState(false);
  const [packaging, setPackaging] = useState<Disclosure>();
  const scan = useMutation({
    mutationFn: (d: Disclosure) =>
      downloadFile(
        `/api/clients/${encodeURIComponent(clientId)}/disclosures/${encodeURIComponent(d.id)}/request`,
        'request',
      ),
  });
  const setName = (id: string) =>
    sets.data?.find((s) => s.id === id)?.bodyArea ?? tp('disclosures.unknownSet');
  const toInform = (disclosures.data ?? []).filter((d) => d.informAfterChange);
  const informNames = [...new Set(toInform.map((d) => d.recipient))];
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {tp('disclosures.title')}
      </Title>
      <Text size="sm">{tp('disclosures.intro')}</Text>
      {disclosures.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {disclosures.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(disclosures.error))}
        </Alert>
      )}
      {informNames.length > 0 && (
        <Alert
          color="orange"
          variant="light"
          title={tp('disclosures.informTitle')}
          data-testid="disclosures-inform"
        >
          <Text size="sm">{tp('disclosures.informText')}</Text>
          <List size="sm" mt={4}>
            {informNames.map((name) => (
              <List.Item key={name}>{name}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {scan.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(scan.error))}
        </Alert>
      )}
      {disclosures.data && disclosures.data.length === 0 && <Text c="dimmed">{tp('disclosures.none')}</Text>}
      {disclosures.data && disclosures.data.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} data-testid="disclosures">
          {disclosures.data.map((d) => (
            <DisclosureItem
              key={d.id}
              disclosure={d}
              withdrawn={withdrawn(d.recipient)}
              setName={setName}
              scanPending={scan.isPending && scan.variables?.id === d.id}
              onScan={() => scan.mutate(d)}
              onPackage={() => setPackaging(d)}
            />
          ))}
        </Stack>
      )}
      {adding ? (
        <DisclosureForm
          clientId={clientId}
          clientLanguage={clientLanguage}
          photoSets={sets.data ?? []}
          onDone={() => setAdding(false)}
        />
      ) : (
        <Button variant="light" w="fit-content" onClick={() => setAdding(true)}>
          {tp('disclosures.add')}
        </Button>
      )}
      <PackageDialog clientId={clientId} disclosure={packaging} onClose={() => setPackaging(undefined)} />
    </Stack>
  );
}

function DisclosureItem({
  disclosure: d,
  withdrawn,
  setName,
  scanPending,
  onScan,
  onPackage,
}: {
  disclosure: Disclosure;
  withdrawn: boolean;
  setName: (id: string) => string;
  scanPending: boolean;
  onScan: () => void;
  onPackage: () => void;
}) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  const contents = [
    d.includesDossier ? tp('disclosures.withDossier') : tp('disclosures.withoutDossier'),
    ...d.photoSetIds.map((id) => tp('disclosures.photoSet', { name: setName(id) })),
  ].join(' · ');
  return (
    <Paper
      component="li"
      p="sm"
      radius="md"
      withBorder
      data-testid="disclosure"
      data-status={withdrawn ? 'withdrawn' : d.disclosedAt ? 'disclosed' : 'registered'}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={500}>{d.recipient}</Text>
          <Badge
            color={withdrawn ? 'gray' : d.disclosedAt ? 'teal' : 'blue'}
            variant="light"
            tt="none"
            data-testid="disclosure-status"
          >
            {withdrawn
              ? tp('disclosures.withdrawn')
              : d.disclosedAt
                ? tp('disclosures.disclosedOn', { at: time.dateTime(d.disclosedAt) })
                : tp('disclosures.notYetSent')}
          </Badge>
        </Group>
        <Text size="sm">{d.purpose}</Text>
        <Text size="sm" c="dimmed">
          {contents}
        </Text>
        <Text size="sm" c="dimmed">
          {tp(d.requestKind === 'scan' ? 'disclosures.requestedScan' : 'disclosures.requestedPortal', {
            at: time.dateTime(d.requestedAt),
          })}
        </Text>
        {withdrawn && <Text size="sm">{tp('disclosures.withdrawnText')}</Text>}
        {d.informAfterChange && (
          <Text size="sm" fw={600} data-testid="disclosure-inform-this">
            {tp('disclosures.informThis')}
          </Text>
        )}
        <Group gap="sm" wrap="wrap">
          {d.requestKind === 'scan' && (
            <Button
              size="sm"
              variant="default"
              loading={scanPending}
              onClick={onScan}
              aria-label={tp('disclosures.downloadScanFor', { recipient: d.recipient })}
            >
              {tp('disclosures.downloadScan')}
            </Button>
          )}
          {!withdrawn && (
            <Button
              size="sm"
              variant="light"
              onClick={onPackage}
              aria-label={tp('disclosures.packageFor', { recipient: d.recipient })}
            >
              {tp('disclosures.package')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** Making the package is a disclosure: it is logged each time, so ask first. */
function PackageDialog({
  clientId,
  disclosure,
  onClose,
}: {
  clientId: string;
  disclosure: Disclosure | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  // The package takes seconds with many photos: the dialog shows how far it is meanwhile.
  const make = useMutation({
    mutationFn: ({ disclosure: d, progressId }: { disclosure: Disclosure; progressId: string }) =>
      downloadFile(
        `/api/clients/${encodeURIComponent(clientId)}/disclosures/${encodeURIComponent(d.id)}/package.zip?progress=${progressId}`,
        `disclosure-${d.id}.zip`,
      ),
    onSuccess: () => {
      onClose();
      void queryClient.invalidateQueries({ queryKey: disclosuresKey(clientId) });
    },
  });
  return (
    <Modal
      opened={disclosure !== undefined}
      onClose={() => {
        make.reset();
        onClose();
      }}
      title={tp('disclosures.packageTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <Stack gap="md">
        <Text>{tp('disclosures.packageText', { recipient: disclosure?.recipient ?? '' })}</Text>
        <Alert color="orange" variant="light">
          {tp('disclosures.packageLogged')}
        </Alert>
        {make.isError && (
          <Alert color="red" variant="light" role="alert">
            {make.error instanceof ApiError && make.error.status === 409
              ? tp('disclosures.withdrawnText')
              : t(requestErrorKey(make.error))}
          </Alert>
        )}
        <ExportProgressNote
          progressId={make.isPending ? (make.variables?.progressId ?? null) : null}
          poll={staffExportProgress}
          intro={tp('disclosures.packageMaking')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={make.isPending}
            onClick={() => disclosure && make.mutate({ disclosure, progressId: newProgressId() })}
          >
            {tp('disclosures.packageConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
