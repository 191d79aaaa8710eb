import { Alert, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import type { MarketingChannel } from '../marketing-queries';
import { usePrivacyText } from '../privacy-text';

/**
 * The owner records where a set was published (a page, a post), on a channel its consent names:
 * after a withdrawal these places are listed to be taken down.
 */
export function MarketingPublicationForm({
  photoSetId,
  setName,
  channels,
}: {
  photoSetId: string;
  setName: string;
  channels: MarketingChannel[];
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const [channel, setChannel] = useState<MarketingChannel | null>(channels[0] ?? null);
  const [location, setLocation] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const publish = useMutation({
    mutationFn: () =>
      apiPost<{ id: string }>('/api/marketing/publications', {
        photoSetId,
        channel,
        location: location.trim(),
      }),
    onSuccess: () => setLocation(''),
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const short = location.trim().length < 3;
    setTooShort(short);
    if (!short && channel) publish.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={tp('marketing.publishTitle', { set: setName })}>
      <Text size="sm" fw={500} mb={4}>
        {tp('marketing.publishIntro')}
      </Text>
      {publish.isError && !namesAnyField(publish.error, ['location', 'channel']) && (
        <Alert color="red" variant="light" role="alert" mb="xs">
          {t(requestErrorKey(publish.error))}
        </Alert>
      )}
      {publish.isSuccess && (
        <Alert color="teal" variant="light" role="status" mb="xs" data-testid="marketing-published">
          {tp('marketing.published')}
        </Alert>
      )}
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={tp('marketing.publishChannel')}
          data={channels.map((value) => ({ value, label: tp(`marketing.channel.${value}`) }))}
          value={channel}
          onChange={(value) => value && setChannel(value as MarketingChannel)}
          allowDeselect={false}
          error={fieldErrorText(t, publish.error, 'channel')}
          w={{ base: '100%', xs: 180 }}
        />
        <TextInput
          label={tp('marketing.publishLocation')}
          description={tp('marketing.publishLocationHint')}
          required
          maxLength={500}
          value={location}
          onChange={(e) => {
            setLocation(e.currentTarget.value);
            setTooShort(false);
          }}
          error={
            tooShort ? t('fieldError.tooShort', { min: 3 }) : fieldErrorText(t, publish.error, 'location')
          }
          flex={1}
          miw={220}
        />
        <Button type="submit" variant="light" loading={publish.isPending}>
          {tp('marketing.publish')}
        </Button>
      </Group>
    </form>
  );
}
