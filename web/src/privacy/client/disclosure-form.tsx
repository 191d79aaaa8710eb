import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { trimmedAtLeast, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { fileAsBase64 } from '../download';
import { type ClientPhotoSet, disclosuresKey } from '../marketing-queries';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ConsentLanguage } from '../privacy-types';

const SCAN_MAX_BYTES = 10 * 1024 * 1024;
const SCAN_TYPES = /^(application\/pdf|image\/(jpeg|png|heic|heif|webp|tiff))$/;

/** The client's written request, scanned: there, not empty, at most 10 MB, a PDF or a picture. */
const scanFile = z
  .instanceof(File)
  .nullable()
  .transform((file, context) => {
    const problem = !file
      ? 'privacy:disclosures.scanMissing'
      : file.size === 0 || file.size > SCAN_MAX_BYTES
        ? 'privacy:disclosures.scanTooLarge'
        : !SCAN_TYPES.test(file.type)
          ? 'privacy:disclosures.scanType'
          : undefined;
    if (!problem && file) return file;
    context.addIssue({ code: 'custom', message: problem ?? 'privacy:disclosures.scanMissing' });
    return z.NEVER;
  });

const disclosureSchema = z.object({
  recipient: trimmedAtLeast(3, 300),
  purpose: trimmedAtLeast(3, 500),
  includesDossier: z.boolean(),
  photoSetIds: z.array(z.string()),
  language: z.enum(['nl', 'en']),
  scan: scanFile,
});

/** Registers a disclosure with the client's written request as a scan (P8.2): nothing goes out without it. */
export function DisclosureForm({
  clientId,
  clientLanguage,
  photoSets,
  onDone,
}: {
  clientId: string;
  clientLanguage: ConsentLanguage;
  photoSets: ClientPhotoSet[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const time = useClinicTime();
  const queryClient = useQueryClient();
  const register = useMutation({
    mutationFn: async ({ scan, ...values }: z.output<typeof disclosureSchema>) =>
      apiPost<{ id: string }>(`/api/clients/${encodeURIComponent(clientId)}/disclosures`, {
        ...values,
        request: { fileName: scan.name, contentBase64: await fileAsBase64(scan) },
      }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: disclosuresKey(clientId) }),
        queryClient.invalidateQueries({ queryKey: privacyKeys.consents(clientId) }),
      ]);
      onDone();
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    disclosureSchema,
    {
      recipient: '',
      purpose: '',
      includesDossier: true,
      photoSetIds: [],
      language: clientLanguage,
      scan: null,
    },
    register.error,
  );
  const submit = onSubmit((values) => register.mutate(values));
  const fieldError = (name: string) => fieldErrorText(t, register.error, name);
  return (
    <Paper
      p="md"
      radius="md"
      withBorder
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="disclosure-form-title"
    >
      <Stack gap="sm">
        <Title order={4} size="h5" id="disclosure-form-title">
          {tp('disclosures.formTitle')}
        </Title>
        <Text size="sm">{tp('disclosures.formIntro')}</Text>
        {register.isError &&
          !namesAnyField(register.error, ['recipient', 'purpose', 'request', 'photoSetIds']) && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(register.error))}
            </Alert>
          )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={tp('disclosures.recipient')}
            description={tp('disclosures.recipientHint')}
            required
            maxLength={300}
            {...field('recipient')}
          />
          <TextInput
            label={tp('disclosures.purpose')}
            description={tp('disclosures.purposeHint')}
            required
            maxLength={500}
            {...field('purpose')}
          />
        </SimpleGrid>
        <Switch
          label={tp('disclosures.includesDossier')}
          description={tp('disclosures.includesDossierHint')}
          {...field('includesDossier', { checkbox: true })}
        />
        {photoSets.length > 0 ? (
          <Checkbox.Group
            label={tp('disclosures.photoSets')}
            {...field('photoSetIds')}
            error={form.values.photoSetIds.length > 0 ? fieldError('photoSetIds.0') : undefined}
          >
            <Stack gap={6} mt={6}>
              {photoSets.map((set) => (
                <Checkbox
                  key={set.id}
                  value={set.id}
                  label={`${set.bodyArea} · ${time.dateTime(set.createdAt)} · ${tp('disclosures.photoCount', { count: set.photos.length })}`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        ) : (
          <Text size="sm" c="dimmed">
            {tp('disclosures.noPhotoSets')}
          </Text>
        )}
        <Group gap="xl" align="flex-start" wrap="wrap">
          <FileInput
            label={tp('disclosures.scan')}
            description={tp('disclosures.scanHint')}
            placeholder={tp('disclosures.scanPlaceholder')}
            required
            accept="application/pdf,.pdf,image/jpeg,image/png,image/heic,image/webp,image/tiff"
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            {...field('scan', { apiField: 'request' })}
            miw={260}
            flex={1}
          />
          <Radio.Group label={tp('consentForm.language')} {...field('language')}>
            <Group gap="md" mt={6}>
              <Radio value="nl" label="Nederlands" />
              <Radio value="en" label="English" />
            </Group>
          </Radio.Group>
        </Group>
        <Group gap="sm">
          <Button type="submit" loading={register.isPending}>
            {tp('disclosures.submit')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
