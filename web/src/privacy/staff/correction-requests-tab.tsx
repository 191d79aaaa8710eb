import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { apiGet, apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { dashboardKeys } from '../../staff/home/dashboard-query';
import { DeadlineBadge } from '../deadline-badge';
import { privacyKeys } from '../privacy-queries';
import type { CorrectionRequest } from '../privacy-types';

/** Correction requests (GDPR art. 16), open ones first by deadline; handled one by one by the owner. */
export function CorrectionRequestsTab() {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('correction');
  const [handling, setHandling] = useState<CorrectionRequest>();
  const requests = useQuery({
    queryKey: privacyKeys.correctionRequests,
    queryFn: ({ signal }) => apiGet<CorrectionRequest[]>('/api/correction-requests', signal),
  });
  if (requests.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (requests.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(requests.error))}
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <Text size="sm">{tc('staff.intro')}</Text>
      {requests.data.length === 0 && <Text c="dimmed">{tc('staff.empty')}</Text>}
      {requests.data.map((request) => (
        <RequestCard
          key={request.id}
          request={request}
          onHandle={request.outcome === null ? () => setHandling(request) : undefined}
        />
      ))}
      <HandleDialog request={handling} onClose={() => setHandling(undefined)} />
    </Stack>
  );
}

function RequestCard({ request, onHandle }: { request: CorrectionRequest; onHandle?: () => void }) {
  const { t: tc } = useTranslation('correction');
  const time = useClinicTime();
  return (
    <Paper
      p="md"
      radius="lg"
      withBorder
      data-testid="correction-request"
      data-open={request.outcome === null}
    >
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            {request.clientName ? (
              <Anchor component={Link} to={`/app/clients/${request.clientId}`} fw={600}>
                {request.clientName}
              </Anchor>
            ) : (
              <Text fw={600}>{tc('staff.clientGone')}</Text>
            )}
            <Text size="sm" c="dimmed">
              {tc('staff.received')}: {time.dateTime(request.receivedAt)} ·{' '}
              {tc(`staff.fieldGroups.${request.fieldGroup}`)}
            </Text>
          </Stack>
          {request.outcome === null ? (
            <DeadlineBadge deadlineAt={request.deadlineAt} />
          ) : (
            <Badge color={request.outcome === 'corrected' ? 'teal' : 'gray'} variant="light" tt="none">
              {tc(`staff.${request.outcome}`)}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          <Text span fw={600}>
            {tc('staff.wrong')}:
          </Text>{' '}
          <Text span style={{ whiteSpace: 'pre-wrap' }}>
            {request.wrong}
          </Text>
        </Text>
        <Text size="sm">
          <Text span fw={600}>
            {tc('staff.shouldBe')}:
          </Text>{' '}
          <Text span style={{ whiteSpace: 'pre-wrap' }}>
            {request.shouldBe}
          </Text>
        </Text>
        {request.outcome === null ? (
          <Text size="sm">
            {tc('staff.deadline')}: {time.dateTime(request.deadlineAt)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {request.handledAt ? `${time.dateTime(request.handledAt)} — ` : ''}
            {request.note}
          </Text>
        )}
        {onHandle && (
          <Button w="fit-content" onClick={onHandle}>
            {tc('staff.handle')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

const handleSchema = z.object({
  outcome: z.enum(['corrected', 'refused']),
  note: z.string().trim().min(3, 'correction:staff.noteTooShort').max(2000, 'fieldError.invalid'),
});

function HandleDialog({ request, onClose }: { request: CorrectionRequest | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('correction');
  const queryClient = useQueryClient();
  const handle = useMutation({
    mutationFn: (body: z.output<typeof handleSchema>) =>
      apiPost<void>(`/api/correction-requests/${request?.id}/handle`, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: privacyKeys.correctionRequests });
      await queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
      close();
    },
  });
  function close() {
    handle.reset();
    form.reset();
    onClose();
  }
  const { form, field, onSubmit } = useSchemaForm(
    handleSchema,
    { outcome: 'corrected', note: '' },
    handle.error,
  );
  const { outcome } = form.values;
  return (
    <Modal
      opened={request !== undefined}
      onClose={close}
      title={tc('staff.dialogTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
      size="lg"
    >
      <form noValidate onSubmit={onSubmit((values) => handle.mutate(values))}>
        <Stack gap="md">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="correction-outcome-label">
              {tc('staff.outcome')}
            </Text>
            <SegmentedControl
              aria-labelledby="correction-outcome-label"
              {...field('outcome')}
              data={[
                { value: 'corrected', label: tc('staff.outcomeCorrected') },
                { value: 'refused', label: tc('staff.outcomeRefused') },
              ]}
            />
          </Stack>
          <Textarea
            label={outcome === 'corrected' ? tc('staff.noteCorrected') : tc('staff.noteRefused')}
            description={
              outcome === 'corrected' ? tc('staff.noteCorrectedHint') : tc('staff.noteRefusedHint')
            }
            required
            autosize
            minRows={3}
            maxLength={2000}
            {...field('note')}
          />
          {handle.isError && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(handle.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={handle.isPending}>
              {tc('staff.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
