import {
  Alert,
  Blockquote,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { namesAnyField } from '../../shared/field-errors';
import { optionalText, REQUIRED, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import {
  type ClientPhotoSet,
  MARKETING_CHANNELS,
  MARKETING_REASONS,
  USABLE_MARKETING_KEY,
} from '../marketing-queries';
import { privacyKeys, useCurrentStatement } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ConsentLanguage } from '../privacy-types';

/** Why and where (at least one channel), and, for a consent by e-mail, the message's reference. */
const marketingConsentSchema = z
  .object({
    reason: z.union([z.enum(MARKETING_REASONS), z.literal('')]).refine((r) => r !== '', REQUIRED),
    reasonNote: optionalText(500),
    channels: z.array(z.enum(MARKETING_CHANNELS)).min(1, 'privacy:marketing.channelsMissing'),
    language: z.enum(['nl', 'en']),
    channel: z.enum(['desk', 'email']),
    reference: optionalText(500),
  })
  .refine((v) => v.channel !== 'email' || v.reference !== '', {
    message: REQUIRED,
    path: ['reference'],
    when: () => true,
  });

/**
 * The client's agreement to use one photo set for marketing: why (a reduced price, as a model),
 * where (website, social media), and how it was given (at the desk, or by e-mail with a reference).
 */
export function MarketingConsentForm({
  clientId,
  clientLanguage,
  set,
  onDone,
}: {
  clientId: string;
  clientLanguage: ConsentLanguage;
  set: ClientPhotoSet;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const statement = useCurrentStatement();
  const record = useMutation({
    mutationFn: ({ reasonNote, reference, ...values }: z.output<typeof marketingConsentSchema>) =>
      apiPost<{ id: string }>(
        `/api/clients/${encodeURIComponent(clientId)}/photo-sets/${encodeURIComponent(set.id)}/marketing-consent`,
        {
          decision: 'granted',
          ...values,
          reasonNote: reasonNote || undefined,
          reference: values.channel === 'email' ? reference : undefined,
        },
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: privacyKeys.consents(clientId) }),
        queryClient.invalidateQueries({ queryKey: USABLE_MARKETING_KEY }),
      ]);
      onDone();
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    marketingConsentSchema,
    { reason: '', reasonNote: '', channels: [], language: clientLanguage, channel: 'desk', reference: '' },
    record.error,
  );
  const submit = onSubmit((values) => record.mutate(values));
  const { language, channel } = form.values;

  const sentence = statement.data?.consentTexts.marketing_photos?.[language];
  const formTitleId = `marketing-form-${set.id}`;
  return (
    <Paper
      p="md"
      radius="md"
      withBorder
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby={formTitleId}
    >
      <Stack gap="sm">
        <Title order={4} size="h5" id={formTitleId}>
          {tp('marketing.formTitle', { set: set.bodyArea })}
        </Title>
        {record.isError &&
          !namesAnyField(record.error, ['reason', 'reasonNote', 'channels', 'reference']) && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(record.error))}
            </Alert>
          )}
        <Radio.Group label={tp('marketing.reasonLabel')} required {...field('reason')}>
          <Group gap="md" mt={6}>
            {MARKETING_REASONS.map((value) => (
              <Radio key={value} value={value} label={tp(`marketing.reason.${value}`)} />
            ))}
          </Group>
        </Radio.Group>
        <TextInput
          label={tp('marketing.reasonNote')}
          description={tp('marketing.reasonNoteHint')}
          maxLength={500}
          {...field('reasonNote')}
        />
        <Checkbox.Group label={tp('marketing.channelsLabel')} required {...field('channels')}>
          <Group gap="md" mt={6}>
            {MARKETING_CHANNELS.map((value) => (
              <Checkbox key={value} value={value} label={tp(`marketing.channel.${value}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group gap="xl" align="flex-start">
          <Radio.Group label={tp('consentForm.channel')} {...field('channel')}>
            <Group gap="md" mt={6}>
              <Radio value="desk" label={tp('channel.desk')} />
              <Radio value="email" label={tp('channel.email')} />
            </Group>
          </Radio.Group>
          <Radio.Group label={tp('consentForm.language')} {...field('language')}>
            <Group gap="md" mt={6}>
              <Radio value="nl" label="Nederlands" />
              <Radio value="en" label="English" />
            </Group>
          </Radio.Group>
        </Group>
        {sentence && (
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {tp('consentForm.sentence', { version: statement.data?.version ?? '' })}
            </Text>
            <Blockquote p="sm" color="rose" lang={language} data-testid="marketing-sentence">
              {sentence}
            </Blockquote>
          </Stack>
        )}
        {channel === 'email' && (
          <Textarea
            label={tp('consentForm.reference')}
            description={tp('consentForm.referenceHint')}
            required
            autosize
            minRows={1}
            maxLength={500}
            {...field('reference')}
          />
        )}
        <Text size="sm">{tp('marketing.agreementNote')}</Text>
        <Group gap="sm">
          <Button type="submit" loading={record.isPending}>
            {tp('marketing.submit')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
