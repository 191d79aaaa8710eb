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
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { useConsentLabels } from '../consent-labels';
import { consentsKey, MISSING_CONSENTS_KEY, useCurrentStatement } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import {
  CONSENT_SCOPES,
  type ConsentDecision,
  type ConsentLanguage,
  type ConsentScope,
} from '../privacy-types';

type Channel = 'desk' | 'email';

// A photo set or a named recipient: these scopes are about one thing, so they need its name.
const NEEDS_SUBJECT: readonly ConsentScope[] = ['marketing_photos', 'third_party'];

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
  const [scope, setScope] = useState<ConsentScope>('health_data');
  const [subject, setSubject] = useState('');
  const [decision, setDecision] = useState<ConsentDecision>('granted');
  const [channel, setChannel] = useState<Channel>('desk');
  const [language, setLanguage] = useState<ConsentLanguage>(clientLanguage);
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<{ subject?: boolean; reference?: boolean }>({});
  const [saved, setSaved] = useState<string>();

  const record = useMutation({
    mutationFn: () =>
      apiPost<{ id: string }>(`/api/clients/${encodeURIComponent(clientId)}/consents`, {
        scope,
        subject: subject.trim() || undefined,
        decision,
        channel,
        language,
        statementVersion: statement.data?.version,
        reference: channel === 'email' ? reference.trim() : undefined,
        note: channel === 'desk' ? note.trim() || undefined : undefined,
      }),
    onSuccess: async () => {
      setSaved(tp('consentForm.saved', { scope: labels.scope(scope), decision: labels.decision(decision) }));
      setOpen(false);
      setSubject('');
      setReference('');
      setNote('');
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: consentsKey(clientId) }),
        queryClient.invalidateQueries({ queryKey: MISSING_CONSENTS_KEY }),
      ]);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nowMissing = {
      subject: NEEDS_SUBJECT.includes(scope) && subject.trim() === '',
      reference: channel === 'email' && reference.trim() === '',
    };
    setMissing(nowMissing);
    if (!nowMissing.subject && !nowMissing.reference) record.mutate();
  }

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
  const fieldError = (field: string) => fieldErrorText(t, record.error, field);
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
            value={scope}
            onChange={(value) => value && setScope(value as ConsentScope)}
            allowDeselect={false}
            error={fieldError('scope')}
          />
          <TextInput
            label={tp('consentForm.subject')}
            description={tp('consentForm.subjectHint')}
            required={NEEDS_SUBJECT.includes(scope)}
            value={subject}
            maxLength={200}
            onChange={(e) => setSubject(e.currentTarget.value)}
            error={missing.subject ? t('fieldError.required') : fieldError('subject')}
          />
        </SimpleGrid>
        <Group gap="xl" align="flex-start">
          <Radio.Group
            label={tp('consentForm.decision')}
            value={decision}
            onChange={(value) => setDecision(value as ConsentDecision)}
          >
            <Group gap="md" mt={6}>
              <Radio value="granted" label={tp('consentForm.granted')} />
              <Radio value="withdrawn" label={tp('consentForm.withdrawn')} />
            </Group>
          </Radio.Group>
          <Radio.Group
            label={tp('consentForm.channel')}
            value={channel}
            onChange={(value) => setChannel(value as Channel)}
          >
            <Group gap="md" mt={6}>
              <Radio value="desk" label={tp('channel.desk')} />
              <Radio value="email" label={tp('channel.email')} />
            </Group>
          </Radio.Group>
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
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
            error={missing.reference ? t('fieldError.required') : fieldError('reference')}
          />
        ) : (
          <Textarea
            label={tp('consentForm.note')}
            description={tp('consentForm.noteHint')}
            autosize
            minRows={2}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={fieldError('note')}
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
