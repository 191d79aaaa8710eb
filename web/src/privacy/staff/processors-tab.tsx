import {
  Alert,
  Badge,
  Button,
  FileInput,
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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiGet, apiGetBlob, apiPost, apiRequest } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { namesAnyField } from '../../shared/field-errors';
import { filledText, REQUIRED, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { fileAsBase64, saveBlob } from '../download';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { Processor } from '../privacy-types';

const MAX_AGREEMENT_BYTES = 5 * 1024 * 1024;

/** The register of processors (P7.1): who processes client data for the clinic, under which agreement. */
export function ProcessorsTab() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const time = useClinicTime();
  const [ending, setEnding] = useState<Processor>();
  const processors = useQuery({
    queryKey: privacyKeys.processors,
    queryFn: ({ signal }) => apiGet<Processor[]>('/api/processors', signal),
  });
  const agreement = useMutation({
    mutationFn: async (processor: Processor) => ({
      processor,
      blob: await apiGetBlob(`/api/processors/${encodeURIComponent(processor.id)}/agreement`),
    }),
    onSuccess: ({ processor, blob }) => saveBlob(blob, processor.agreementFileName ?? 'agreement'),
  });
  return (
    <Stack gap="md">
      <Text size="sm">{tp('processors.intro')}</Text>
      {processors.isPending && <Loader role="status" aria-label={t('common.loading')} />}
      {processors.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(processors.error))}
        </Alert>
      )}
      {agreement.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(agreement.error))}
        </Alert>
      )}
      {processors.data?.length === 0 && <Text c="dimmed">{tp('processors.none')}</Text>}
      {processors.data && processors.data.length > 0 && (
        <Stack component="ul" gap="sm" p={0} m={0} data-testid="processors">
          {processors.data.map((processor) => (
            <Paper
              key={processor.id}
              component="li"
              p="md"
              radius="lg"
              withBorder
              data-removed={processor.removedAt !== null}
            >
              <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
                <Stack gap={2}>
                  <Text fw={600}>{processor.name}</Text>
                  <Text size="sm">{processor.purpose}</Text>
                </Stack>
                {processor.removedAt ? (
                  <Badge color="gray" variant="light" tt="none">
                    {tp('processors.ended', { date: time.dateTime(processor.removedAt) })}
                  </Badge>
                ) : (
                  <Button
                    variant="subtle"
                    color="red"
                    size="compact-sm"
                    onClick={() => setEnding(processor)}
                    aria-label={tp('processors.endNamed', { name: processor.name })}
                  >
                    {tp('processors.end')}
                  </Button>
                )}
              </Group>
              <SimpleGrid component="dl" cols={{ base: 1, sm: 3 }} spacing="xs" mt="xs" mb={0}>
                <div>
                  <Text component="dt" size="xs" c="dimmed">
                    {tp('processors.dataCategories')}
                  </Text>
                  <Text component="dd" size="sm" m={0}>
                    {processor.dataCategories}
                  </Text>
                </div>
                <div>
                  <Text component="dt" size="xs" c="dimmed">
                    {tp('processors.location')}
                  </Text>
                  <Text component="dd" size="sm" m={0}>
                    {processor.location}
                  </Text>
                </div>
                <div>
                  <Text component="dt" size="xs" c="dimmed">
                    {tp('processors.agreement')}
                  </Text>
                  <Text component="dd" size="sm" m={0}>
                    {time.date(processor.agreementDate)}
                    {processor.agreementFileName && (
                      <Button
                        variant="subtle"
                        size="compact-sm"
                        ml="xs"
                        loading={agreement.isPending && agreement.variables?.id === processor.id}
                        onClick={() => agreement.mutate(processor)}
                        aria-label={tp('processors.downloadAgreement', { name: processor.agreementFileName })}
                      >
                        {processor.agreementFileName}
                      </Button>
                    )}
                  </Text>
                </div>
              </SimpleGrid>
            </Paper>
          ))}
        </Stack>
      )}
      <AddProcessorForm />
      <EndProcessorDialog processor={ending} onClose={() => setEnding(undefined)} />
    </Stack>
  );
}

const processorSchema = z.object({
  name: filledText(200),
  purpose: filledText(500),
  dataCategories: filledText(500),
  location: z.string().trim().min(2, REQUIRED).max(40, 'fieldError.invalid'),
  agreementDate: z.string().min(1, REQUIRED),
  // The agreement itself may follow later; when picked, at most MAX_AGREEMENT_BYTES.
  file: z
    .instanceof(File)
    .nullable()
    .refine((file) => file === null || file.size <= MAX_AGREEMENT_BYTES, 'privacy:processors.fileTooLarge'),
});
const EMPTY: z.input<typeof processorSchema> = {
  name: '',
  purpose: '',
  dataCategories: '',
  location: '',
  agreementDate: '',
  file: null,
};

function AddProcessorForm() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const [added, setAdded] = useState<string>();
  const add = useMutation({
    mutationFn: async ({ file, ...values }: z.output<typeof processorSchema>) => {
      const agreement = file ? { fileName: file.name, contentBase64: await fileAsBase64(file) } : undefined;
      return apiPost<{ id: string }>('/api/processors', { ...values, agreement });
    },
    onSuccess: async (_, values) => {
      setAdded(values.name);
      form.reset();
      await queryClient.invalidateQueries({ queryKey: privacyKeys.processors });
      // The public statement lists the processors: its next rendering is a new version.
      await queryClient.invalidateQueries({ queryKey: privacyKeys.statements });
    },
  });
  const { form, field, onSubmit } = useSchemaForm(processorSchema, EMPTY, add.error);
  const submit = onSubmit((values) => add.mutate(values));
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="add-processor-title">
      <form
        onSubmit={(event) => {
          setAdded(undefined);
          submit(event);
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id="add-processor-title">
            {tp('processors.addTitle')}
          </Title>
          {added && (
            <Alert color="teal" variant="light" role="status">
              {tp('processors.added', { name: added })}
            </Alert>
          )}
          {add.isError && !namesAnyField(add.error, [...Object.keys(EMPTY), 'agreement']) && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(add.error))}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={tp('processors.name')}
              description={tp('processors.nameHint')}
              required
              maxLength={200}
              {...field('name')}
            />
            <TextInput
              label={tp('processors.purpose')}
              description={tp('processors.purposeHint')}
              required
              maxLength={500}
              {...field('purpose')}
            />
            <TextInput
              label={tp('processors.dataCategories')}
              description={tp('processors.dataCategoriesHint')}
              required
              maxLength={500}
              {...field('dataCategories')}
            />
            <TextInput
              label={tp('processors.location')}
              description={tp('processors.locationHint')}
              required
              maxLength={40}
              {...field('location')}
            />
            <TextInput
              type="date"
              label={tp('processors.agreementDate')}
              required
              {...field('agreementDate')}
            />
            <FileInput
              label={tp('processors.agreementFile')}
              description={tp('processors.agreementFileHint')}
              accept="application/pdf,.pdf,.doc,.docx,.odt"
              clearable
              clearButtonProps={{ 'aria-label': t('common.clear') }}
              {...field('file', { apiField: 'agreement' })}
            />
          </SimpleGrid>
          <Button type="submit" w="fit-content" loading={add.isPending}>
            {tp('processors.add')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function EndProcessorDialog({ processor, onClose }: { processor?: Processor; onClose: () => void }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: (id: string) =>
      apiRequest<void>(`/api/processors/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: privacyKeys.processors });
      close();
    },
  });
  function close() {
    end.reset();
    onClose();
  }
  return (
    <Modal
      opened={processor !== undefined}
      onClose={close}
      title={tp('processors.endTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <Stack gap="md">
        <Text>{tp('processors.endText', { name: processor?.name ?? '' })}</Text>
        {end.isError && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(end.error))}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color="red.9" loading={end.isPending} onClick={() => processor && end.mutate(processor.id)}>
            {tp('processors.endConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
