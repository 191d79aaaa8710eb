import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Text,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet, apiGetBlob, apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { DeadlineBadge } from '../deadline-badge';
import { saveBlob } from '../download';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ErasureCertificate, ErasureRequest } from '../privacy-types';
import { CertificateSummary } from './certificate-summary';

/** Erasure requests, open ones first by deadline (within two weeks, P9.2), executed with a certificate. */
export function ErasureRequestsTab() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const [executing, setExecuting] = useState<ErasureRequest>();
  const requests = useQuery({
    queryKey: privacyKeys.erasureRequests,
    queryFn: ({ signal }) => apiGet<ErasureRequest[]>('/api/erasure-requests', signal),
  });
  if (requests.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (requests.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(requests.error))}
      </Alert>
    );
  }
  const open = requests.data.filter((r) => r.executedAt === null);
  const done = requests.data.filter((r) => r.executedAt !== null);
  return (
    <Stack gap="md">
      <Text size="sm">{tp('erasure.intro')}</Text>
      {open.length === 0 && <Text c="dimmed">{tp('erasure.noneOpen')}</Text>}
      {open.map((request) => (
        <RequestCard key={request.id} request={request} onExecute={() => setExecuting(request)} />
      ))}
      {done.length > 0 && (
        <Text fw={600} mt="sm">
          {tp('erasure.doneTitle')}
        </Text>
      )}
      {done.map((request) => (
        <RequestCard key={request.id} request={request} />
      ))}
      <ExecuteDialog request={executing} onClose={() => setExecuting(undefined)} />
    </Stack>
  );
}

function RequestCard({ request, onExecute }: { request: ErasureRequest; onExecute?: () => void }) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  const name = request.clientName ?? tp('erasure.erasedClient', { id: request.clientId.slice(0, 8) });
  return (
    <Paper
      p="md"
      radius="lg"
      withBorder
      data-testid="erasure-request"
      data-open={request.executedAt === null}
    >
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            {request.executedAt === null && request.clientName ? (
              <Anchor component={Link} to={`/app/clients/${request.clientId}`} fw={600}>
                {name}
              </Anchor>
            ) : (
              <Text fw={600}>{name}</Text>
            )}
            <Text size="sm" c="dimmed">
              {tp('erasure.received', {
                at: time.dateTime(request.receivedAt),
                channel: request.channel === 'portal' ? tp('erasure.viaPortal') : tp('erasure.viaStaff'),
              })}
            </Text>
          </Stack>
          {request.executedAt === null ? (
            <DeadlineBadge deadlineAt={request.deadlineAt} />
          ) : (
            <Badge color="teal" variant="light" tt="none">
              {tp('erasure.executed')}
            </Badge>
          )}
        </Group>
        <Text size="sm" data-testid="erasure-deadline">
          {tp('erasure.deadline', { at: time.dateTime(request.deadlineAt) })}
        </Text>
        {onExecute && (
          <Button color="red.9" w="fit-content" onClick={onExecute}>
            {tp('erasure.execute')}
          </Button>
        )}
        {request.certificate && (
          <details>
            <summary>{tp('erasure.showCertificate')}</summary>
            <Stack gap="sm" mt="sm">
              <CertificateSummary certificate={request.certificate} />
              <CertificateDownload requestId={request.id} />
            </Stack>
          </details>
        )}
      </Stack>
    </Paper>
  );
}

export function CertificateDownload({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const pdf = useMutation({
    mutationFn: () => apiGetBlob(`/api/erasure-requests/${encodeURIComponent(requestId)}/certificate.pdf`),
    onSuccess: (blob) => saveBlob(blob, `erasure-certificate-${requestId.slice(0, 8)}.pdf`),
  });
  return (
    <Stack gap="xs">
      {pdf.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(pdf.error))}
        </Alert>
      )}
      <Button variant="light" w="fit-content" loading={pdf.isPending} onClick={() => pdf.mutate()}>
        {tp('erasure.downloadCertificate')}
      </Button>
    </Stack>
  );
}

function ExecuteDialog({ request, onClose }: { request?: ErasureRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const [understood, setUnderstood] = useState(false);
  const execute = useMutation({
    mutationFn: (id: string) =>
      apiPost<ErasureCertificate>(`/api/erasure-requests/${encodeURIComponent(id)}/execute`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: privacyKeys.erasureRequests });
      if (request) queryClient.removeQueries({ queryKey: ['clients', request.clientId] });
      void queryClient.invalidateQueries({ queryKey: ['clients', 'search'] });
    },
  });
  function close() {
    execute.reset();
    setUnderstood(false);
    onClose();
  }
  const name = request?.clientName ?? '';
  return (
    <Modal
      opened={request !== undefined}
      onClose={close}
      title={execute.isSuccess ? tp('erasure.doneDialogTitle') : tp('erasure.executeTitle', { name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
      size="xl"
    >
      {execute.isSuccess && request ? (
        <Stack gap="md">
          <Alert color="teal" variant="light" role="status">
            {tp('erasure.doneText', { name })}
          </Alert>
          <CertificateSummary certificate={execute.data} />
          <Group justify="space-between">
            <CertificateDownload requestId={request.id} />
            <Button variant="default" onClick={close}>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text>{tp('erasure.executeText', { name })}</Text>
          <Text>{tp('erasure.executeKept')}</Text>
          <Checkbox
            label={tp('erasure.executeUnderstood')}
            checked={understood}
            onChange={(e) => setUnderstood(e.currentTarget.checked)}
          />
          {execute.isError && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(execute.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red.9"
              disabled={!understood}
              loading={execute.isPending}
              onClick={() => request && execute.mutate(request.id)}
            >
              {tp('erasure.executeConfirm')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
