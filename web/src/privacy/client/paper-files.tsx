import {
  Alert,
  Button,
  Code,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { fieldErrorText } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { paperFilesKey, usePaperFiles } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import { PAPER_KINDS, type PaperKind } from '../privacy-types';

/** Paper intake forms and dossiers: where each is kept, under an archive code for the folder (P7.2). */
export function PaperFilesPanel({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const time = useClinicTime();
  const files = usePaperFiles(clientId);
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {tp('paper.title')}
      </Title>
      <Text size="sm">{tp('paper.intro')}</Text>
      {files.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {files.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(files.error))}
        </Alert>
      )}
      {files.data && files.data.length === 0 && <Text c="dimmed">{tp('paper.none')}</Text>}
      {files.data && files.data.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} data-testid="paper-files">
          {files.data.map((file) => (
            <Paper key={file.id} component="li" p="sm" radius="md" withBorder>
              <Group gap="xs" wrap="wrap">
                <Code fz="sm">{file.archiveCode}</Code>
                <Text fw={500}>{tp(`paperKind.${file.kind}`)}</Text>
              </Group>
              <Text size="sm">{file.location}</Text>
              <Text size="sm" c="dimmed">
                {tp('paper.registeredOn', { at: time.dateTime(file.registeredAt) })}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      <RegisterPaperFile clientId={clientId} />
    </Stack>
  );
}

function RegisterPaperFile({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<PaperKind>('intake_form');
  const [location, setLocation] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const register = useMutation({
    mutationFn: () =>
      apiPost<{ id: string; archiveCode: string }>(
        `/api/clients/${encodeURIComponent(clientId)}/paper-files`,
        { kind, location: location.trim() },
      ),
    onSuccess: async () => {
      setLocation('');
      await queryClient.invalidateQueries({ queryKey: paperFilesKey(clientId) });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const short = location.trim().length < 2;
    setTooShort(short);
    if (!short) register.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={tp('paper.registerTitle')}>
      <Stack gap="sm">
        {register.isError && !fieldErrorText(t, register.error, 'location') && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(register.error))}
          </Alert>
        )}
        {register.isSuccess && (
          <Alert color="teal" variant="light" role="status" data-testid="paper-archive-code">
            {tp('paper.registered')} <Code fz="md">{register.data.archiveCode}</Code>
          </Alert>
        )}
        <Group align="flex-start" gap="sm" wrap="wrap">
          <Select
            label={tp('paper.kind')}
            data={PAPER_KINDS.map((value) => ({ value, label: tp(`paperKind.${value}`) }))}
            value={kind}
            onChange={(value) => value && setKind(value as PaperKind)}
            allowDeselect={false}
            w={{ base: '100%', xs: 200 }}
          />
          <TextInput
            label={tp('paper.location')}
            description={tp('paper.locationHint')}
            required
            maxLength={200}
            value={location}
            onChange={(e) => setLocation(e.currentTarget.value)}
            error={
              tooShort ? t('fieldError.tooShort', { min: 2 }) : fieldErrorText(t, register.error, 'location')
            }
            flex={1}
            miw={220}
          />
        </Group>
        <Button type="submit" variant="light" w="fit-content" loading={register.isPending}>
          {tp('paper.register')}
        </Button>
      </Stack>
    </form>
  );
}
