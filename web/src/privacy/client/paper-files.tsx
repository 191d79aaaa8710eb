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
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import type { ApiResponse } from '../../shared/api-types';
import { useClinicTime } from '../../shared/clinic-time';
import { fieldErrorText } from '../../shared/field-errors';
import { trimmedAtLeast, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { privacyKeys, usePaperFiles } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import { PAPER_KINDS } from '../privacy-types';

const paperFileSchema = z.object({ kind: z.enum(PAPER_KINDS), location: trimmedAtLeast(2, 200) });

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
  const register = useMutation({
    mutationFn: (body: z.output<typeof paperFileSchema>) =>
      apiPost<ApiResponse<'/api/clients/{clientId}/paper-files', 'post'>>(
        `/api/clients/${encodeURIComponent(clientId)}/paper-files`,
        body,
      ),
    onSuccess: async () => {
      form.setFieldValue('location', '');
      await queryClient.invalidateQueries({ queryKey: privacyKeys.paperFiles(clientId) });
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    paperFileSchema,
    { kind: 'intake_form', location: '' },
    register.error,
  );
  const kind = field('kind');
  return (
    <form
      onSubmit={onSubmit((values) => register.mutate(values))}
      noValidate
      aria-label={tp('paper.registerTitle')}
    >
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
            {...kind}
            onChange={(value) => value && kind.onChange(value)}
            allowDeselect={false}
            w={{ base: '100%', xs: 200 }}
          />
          <TextInput
            label={tp('paper.location')}
            description={tp('paper.locationHint')}
            required
            maxLength={200}
            {...field('location')}
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
