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
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import {
  type ClientPhotoSet,
  MARKETING_CHANNELS,
  MARKETING_REASONS,
  type MarketingChannel,
  type MarketingReason,
  USABLE_MARKETING_KEY,
} from '../marketing-queries';
import { consentsKey, useCurrentStatement } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ConsentLanguage } from '../privacy-types';

type Channel = 'desk' | 'email';

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
  const [reason, setReason] = useState<MarketingReason | ''>('');
  const [reasonNote, setReasonNote] = useState('');
  const [channels, setChannels] = useState<MarketingChannel[]>([]);
  const [language, setLanguage] = useState<ConsentLanguage>(clientLanguage);
  const [channel, setChannel] = useState<Channel>('desk');
  const [reference, setReference] = useState('');
  const [missing, setMissing] = useState<{ reason?: boolean; channels?: boolean; reference?: boolean }>({});

  const record = useMutation({
    mutationFn: () =>
      apiPost<{ id: string }>(
        `/api/clients/${encodeURIComponent(clientId)}/photo-sets/${encodeURIComponent(set.id)}/marketing-consent`,
        {
          decision: 'granted',
          reason,
          reasonNote: reasonNote.trim() || undefined,
          channels,
          language,
          channel,
          reference: channel === 'email' ? reference.trim() : undefined,
        },
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: consentsKey(clientId) }),
        queryClient.invalidateQueries({ queryKey: USABLE_MARKETING_KEY }),
      ]);
      onDone();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const now = {
      reason: reason === '',
      channels: channels.length === 0,
      reference: channel === 'email' && reference.trim() === '',
    };
    setMissing(now);
    if (!now.reason && !now.channels && !now.reference) record.mutate();
  }

  const sentence = statement.data?.consentTexts.marketing_photos?.[language];
  const fieldError = (field: string) => fieldErrorText(t, record.error, field);
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
        <Radio.Group
          label={tp('marketing.reasonLabel')}
          required
          value={reason}
          onChange={(value) => {
            setReason(value as MarketingReason);
            setMissing((m) => ({ ...m, reason: false }));
          }}
          error={missing.reason ? t('fieldError.required') : fieldError('reason')}
        >
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
          value={reasonNote}
          onChange={(e) => setReasonNote(e.currentTarget.value)}
          error={fieldError('reasonNote')}
        />
        <Checkbox.Group
          label={tp('marketing.channelsLabel')}
          required
          value={channels}
          onChange={(value) => {
            setChannels(value as MarketingChannel[]);
            setMissing((m) => ({ ...m, channels: false }));
          }}
          error={missing.channels ? tp('marketing.channelsMissing') : fieldError('channels')}
        >
          <Group gap="md" mt={6}>
            {MARKETING_CHANNELS.map((value) => (
              <Checkbox key={value} value={value} label={tp(`marketing.channel.${value}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group gap="xl" align="flex-start">
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
            value={reference}
            onChange={(e) => {
              setReference(e.currentTarget.value);
              setMissing((m) => ({ ...m, reference: false }));
            }}
            error={missing.reference ? t('fieldError.required') : fieldError('reference')}
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
