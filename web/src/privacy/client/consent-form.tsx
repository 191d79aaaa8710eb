import {
  Alert,
  Blockquote,
  Button,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import type { ApiBody } from '../../shared/api-types';
import { namesAnyField } from '../../shared/field-errors';
import { optionalText, REQUIRED, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { useConsentLabels } from '../consent-labels';
import { privacyKeys, useCurrentStatement } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import { CONSENT_SCOPES, type ConsentLanguage, type ConsentScope } from '../privacy-types';

// A photo set or a named recipient: these scopes are about one thing, so they need its name.
const NEEDS_SUBJECT: readonly ConsentScope[] = ['marketing_photos', 'third_party'];

/** A subject for the scopes about one thing; a reference for a consent that came by e-mail. */
const consentSchema = z
  .object({
    scope: z.enum(CONSENT_SCOPES),
    subject: optionalText(200),
    decision: z.enum(['granted', 'withdrawn']),
    channel: z.enum(['desk', 'email']),
    language: z.enum(['nl', 'en']),
    reference: optionalText(500),
    note: optionalText(500),
  })
  .refine((v) => !NEEDS_SUBJECT.includes(v.scope) || v.subject !== '', {
    message: REQUIRED,
    path: ['subject'],
    when: () => true,
  })
  .refine((v) => v.channel !== 'email' || v.reference !== '', {
    message: REQUIRED,
    path: ['reference'],
    when: () => true,
  });

/** Records a consent given or withdrawn at the desk or by e-mail, with the sentence the client agreed to. */
export function ConsentForm({
  clientId,
  clientLanguage,
}: {
  clientId: string;
  clientLanguage: ConsentLanguage;
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const labels = useConsentLabels();
  const queryClient = useQueryClient();
  const statement = useCurrentStatement();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string>();

  const record = useMutation({
    mutationFn: (body: ApiBody<'/api/clients/{clientId}/consents', 'post'>) =>
      apiPost<{ id: string }>(`/api/clients/${encodeURIComponent(clientId)}/consents`, body),
    onSuccess: async (_, body) => {
      setSaved(
        tp('consentForm.saved', {
          scope: labels.scope(body.scope),
          decision: labels.decision(body.decision),
        }),
      );
      setOpen(false);
      form.setValues({ subject: '', reference: '', note: '' });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: privacyKeys.consents(clientId) }),
        queryClient.invalidateQueries({ queryKey: privacyKeys.missingConsents }),
      ]);
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    consentSchema,
    {
      scope: 'health_data',
      subject: '',
      decision: 'granted',
      channel: 'desk',
      language: clientLanguage,
      reference: '',
      note: '',
    },
    record.error,
  );
  const submit = onSubmit(({ subject, reference, note, ...values }) =>
    record.mutate({
      ...values,
      subject: subject || undefined,
      statementVersion: statement.data?.version,
      reference: values.channel === 'email' ? reference : undefined,
      note: values.channel === 'desk' ? note || undefined : undefined,
    }),
  );
  const { scope, channel, language } = form.values;

  if (!open) {
    return (
      <Stack gap="xs">
        {saved && (
          <Alert
            color="teal"
            variant="light"
            role="status"
            withCloseButton
            onClose={() => setSaved(undefined)}
            closeButtonLabel={t('common.close')}
          >
            {saved}
          </Alert>
        )}
        <Button
          variant="light"
          w="fit-content"
          onClick={() => {
            record.reset();
            setSaved(undefined);
            setOpen(true);
          }}
        >
          {tp('consentForm.open')}
        </Button>
      </Stack>
    );
  }

  const sentence = statement.data?.consentTexts[scope]?.[language];
  return (
    <Paper
      p="md"
      radius="md"
      withBorder
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="consent-form-title"
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id="consent-form-title">
          {tp('consentForm.title')}
        </Title>
        {record.isError && !namesAnyField(record.error, ['subject', 'reference', 'note', 'scope']) && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(record.error))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={tp('consentForm.scope')}
            data={CONSENT_SCOPES.map((value) => ({ value, label: labels.scope(value) }))}
            allowDeselect={false}
            {...field('scope')}
          />
          <TextInput
            label={tp('consentForm.subject')}
            description={tp('consentForm.subjectHint')}
            required={NEEDS_SUBJECT.includes(scope)}
            maxLength={200}
            {...field('subject')}
          />
        </SimpleGrid>
        <Group gap="xl" align="flex-start">
          <Radio.Group label={tp('consentForm.decision')} {...field('decision')}>
            <Group gap="md" mt={6}>
              <Radio value="granted" label={tp('consentForm.granted')} />
              <Radio value="withdrawn" label={tp('consentForm.withdrawn')} />
            </Group>
          </Radio.Group>
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
            <Blockquote p="sm" color="rose" lang={language} data-testid="consent-sentence">
              {sentence}
            </Blockquote>
          </Stack>
        )}
        {channel === 'email' ? (
          <TextInput
            label={tp('consentForm.reference')}
            description={tp('consentForm.referenceHint')}
            required
            maxLength={500}
            {...field('reference')}
          />
        ) : (
          <Textarea
            label={tp('consentForm.note')}
            description={tp('consentForm.noteHint')}
            autosize
            minRows={2}
            maxLength={500}
            {...field('note')}
          />
        )}
        <Group gap="sm">
          <Button type="submit" loading={record.isPending}>
            {tp('consentForm.submit')}
          </Button>
          <Button variant="default" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
