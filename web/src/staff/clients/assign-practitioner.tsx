import { Alert, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { useTeam } from '../team/team-query';

/** The owner links a practitioner to this client: from then on, they may open the dossier. */
export function AssignPractitioner({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const team = useTeam();
  const [staffId, setStaffId] = useState<string | null>(null);
  const [assigned, setAssigned] = useState<string>();
  const assign = useMutation({
    mutationFn: (id: string) =>
      apiPost<void>(`/api/clients/${encodeURIComponent(clientId)}/care-assignments`, { staffId: id }),
    onSuccess: (_result, id) => setAssigned(team.data?.find((member) => member.id === id)?.name),
  });
  const practitioners = (team.data ?? [])
    .filter((member) => member.role === 'practitioner' && !member.disabled)
    .map((member) => ({ value: member.id, label: member.name }));

  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="assign-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="assign-title">
          {t('assign.title')}
        </Title>
        <Text size="sm">{t('assign.intro')}</Text>
        {assign.isError && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(assign.error))}
          </Alert>
        )}
        {assigned && (
          <Alert color="teal" variant="light" role="status">
            {t('assign.done', { name: assigned })}
          </Alert>
        )}
        <Group align="flex-end" gap="sm">
          <Select
            label={t('assign.label')}
            placeholder={t('assign.placeholder')}
            data={practitioners}
            value={staffId}
            onChange={setStaffId}
            nothingFoundMessage={t('assign.none')}
            miw={240}
          />
          <Button
            onClick={() => staffId && assign.mutate(staffId)}
            disabled={!staffId}
            loading={assign.isPending}
          >
            {t('assign.submit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
