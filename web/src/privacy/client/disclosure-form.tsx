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
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { fileAsBase64 } from '../download';
import { type ClientPhotoSet, disclosuresKey } from '../marketing-queries';
import { consentsKey } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ConsentLanguage } from '../privacy-types';

const SCAN_MAX_BYTES = 10 * 1024 * 1024;
const SCAN_TYPES = /^(application\/pdf|image\/(jpeg|png|heic|heif|webp|tiff))$/;

type Missing = Partial<Record<'recipient' | 'purpose' | 'scan', string>>;

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
  const [recipient, setRecipient] = useState('');
  const [purpose, setPurpose] = useState('');
  const [includesDossier, setIncludesDossier] = useState(true);
  const [photoSetIds, setPhotoSetIds] = useState<string[]>([]);
  const [language, setLanguage] = useState<ConsentLanguage>(clientLanguage);
  const [scan, setScan] = useState<File | null>(null);
  const [missing, setMissing] = useState<Missing>({});

  const register = useMutation({
    mutationFn: async (file: File) =>
      apiPost<{ id: string }>(`/api/clients/${encodeURIComponent(clientId)}/disclosures`, {
        recipient: recipient.trim(),
        purpose: purpose.trim(),
        includesDossier,
        photoSetIds,
        language,
        request: { fileName: file.name, contentBase64: await fileAsBase64(file) },
      }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: disclosuresKey(clientId) }),
        queryClient.invalidateQueries({ queryKey: consentsKey(clientId) }),
      ]);
      onDone();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const now: Missing = {};
    if (recipient.trim().length < 3) now.recipient = t('fieldError.tooShort', { min: 3 });
    if (purpose.trim().length < 3) now.purpose = t('fieldError.tooShort', { min: 3 });
    if (!scan) now.scan = tp('disclosures.scanMissing');
    else if (scan.size === 0 || scan.size > SCAN_MAX_BYTES) now.scan = tp('disclosures.scanTooLarge');
    else if (!SCAN_TYPES.test(scan.type)) now.scan = tp('disclosures.scanType');
    setMissing(now);
    if (Object.keys(now).length === 0 && scan) register.mutate(scan);
  }

  const fieldError = (field: string) => fieldErrorText(t, register.error, field);
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
            value={recipient}
            onChange={(e) => {
              setRecipient(e.currentTarget.value);
              setMissing((m) => ({ ...m, recipient: undefined }));
            }}
            error={missing.recipient ?? fieldError('recipient')}
          />
          <TextInput
            label={tp('disclosures.purpose')}
            description={tp('disclosures.purposeHint')}
            required
            maxLength={500}
            value={purpose}
            onChange={(e) => {
              setPurpose(e.currentTarget.value);
              setMissing((m) => ({ ...m, purpose: undefined }));
            }}
            error={missing.purpose ?? fieldError('purpose')}
          />
        </SimpleGrid>
        <Switch
          label={tp('disclosures.includesDossier')}
          description={tp('disclosures.includesDossierHint')}
          checked={includesDossier}
          onChange={(e) => setIncludesDossier(e.currentTarget.checked)}
        />
        {photoSets.length > 0 ? (
          <Checkbox.Group
            label={tp('disclosures.photoSets')}
            value={photoSetIds}
            onChange={setPhotoSetIds}
            error={photoSetIds.length > 0 ? fieldError('photoSetIds.0') : undefined}
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
            value={scan}
            onChange={(file) => {
              setScan(file);
              setMissing((m) => ({ ...m, scan: undefined }));
            }}
            error={missing.scan ?? fieldError('request')}
            miw={260}
            flex={1}
          />
          <Radio.Group
            label={tp('consentForm.language')}
            value={language}
            onChange={(value) => setLanguage(value as ConsentLanguage)}
          >
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
