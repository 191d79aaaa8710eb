import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import { useClinicDay } from '../dates';
import { DeadlineBadge } from '../deadline-badge';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import { PAPER_KINDS, type PaperDestruction, type PaperKind } from '../privacy-types';

const isPaperKind = (value: string): value is PaperKind => (PAPER_KINDS as readonly string[]).includes(value);

/**
 * Paper files whose digital dossier was destroyed: each must go too (P7.2). The list names only the
 * archive code and the place, so anyone on the team can fetch the folder and confirm.
 */
export function PaperDestructionTab() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const time = useClinicTime();
  const day = useClinicDay();
  const [confirming, setConfirming] = useState<PaperDestruction>();
  const tasks = useQuery({
    queryKey: privacyKeys.paperDestruction,
    queryFn: ({ signal }) => apiGet<PaperDestruction[]>('/api/paper-destruction', signal),
  });
  if (tasks.isPending) return <Loader role="status" aria-label={t('common.loading')} />;
  if (tasks.isError) {
    return (
      <Alert color="red" variant="light" role="alert">
        {t(requestErrorKey(tasks.error))}
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm">{tp('paperDestruction.intro')}</Text>
      {tasks.data.length === 0 ? (
        <Text c="dimmed">{tp('paperDestruction.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="sm" striped data-testid="paper-destruction">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{tp('paper.archiveCode')}</Table.Th>
                <Table.Th>{tp('paper.kind')}</Table.Th>
                <Table.Th>{tp('paper.location')}</Table.Th>
                <Table.Th>{tp('paperDestruction.dueAt')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{tp('paperDestruction.status')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tasks.data.map((task) => (
                <Table.Tr key={task.id}>
                  <Table.Td>
                    <Code>{task.archiveCode}</Code>
                  </Table.Td>
                  <Table.Td>{isPaperKind(task.kind) ? tp(`paperKind.${task.kind}`) : task.kind}</Table.Td>
                  <Table.Td>{task.location}</Table.Td>
                  <Table.Td>
                    <Stack gap={2} align="flex-start">
                      <span>{day(task.dueAt)}</span>
                      {!task.confirmedAt && <DeadlineBadge deadlineAt={task.dueAt} />}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {task.confirmedAt ? (
                      <Badge color="teal" variant="light" tt="none">
                        {tp('paperDestruction.confirmedAt', { at: time.dateTime(task.confirmedAt) })}
                      </Badge>
                    ) : (
                      <Button
                        size="compact-sm"
                        variant="light"
                        onClick={() => setConfirming(task)}
                        aria-label={tp('paperDestruction.confirmNamed', { code: task.archiveCode })}
                      >
                        {tp('paperDestruction.confirm')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmDialog task={confirming} onClose={() => setConfirming(undefined)} />
    </Stack>
  );
}

function ConfirmDialog({ task, onClose }: { task?: PaperDestruction; onClose: () => void }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: (id: string) => apiPost<void>(`/api/paper-destruction/${encodeURIComponent(id)}/confirm`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: privacyKeys.paperDestruction });
      close();
    },
  });
  function close() {
    confirm.reset();
    onClose();
  }
  return (
    <Modal
      opened={task !== undefined}
      onClose={close}
      title={tp('paperDestruction.confirmTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <Stack gap="md">
        <Text>
          {tp('paperDestruction.confirmText', {
            code: task?.archiveCode ?? '',
            location: task?.location ?? '',
          })}
        </Text>
        {confirm.isError && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(confirm.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button loading={confirm.isPending} onClick={() => task && confirm.mutate(task.id)}>
            {tp('paperDestruction.confirmYes')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
