import { Alert, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { namesAnyField } from '../../shared/field-errors';
import { requiredChoice, trimmedAtLeast, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { MARKETING_CHANNELS, type MarketingChannel } from '../marketing-queries';
import { usePrivacyText } from '../privacy-text';

const publicationSchema = z.object({
  // One of the channels the consent names (the Select offers only those); none means no consent to publish.
  channel: requiredChoice(MARKETING_CHANNELS),
  location: trimmedAtLeast(3, 500),
});

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
  const publish = useMutation({
    mutationFn: (values: z.output<typeof publicationSchema>) =>
      apiPost<{ id: string }>('/api/marketing/publications', { photoSetId, ...values }),
    onSuccess: () => {
      form.setFieldValue('location', '');
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    publicationSchema,
    { channel: channels[0] ?? null, location: '' },
    publish.error,
  );
  const channel = field('channel');
  return (
    <form
      onSubmit={onSubmit((values) => publish.mutate(values))}
      noValidate
      aria-label={tp('marketing.publishTitle', { set: setName })}
    >
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
          {...channel}
          onChange={(value) => value && channel.onChange(value)}
          allowDeselect={false}
          w={{ base: '100%', xs: 180 }}
        />
        <TextInput
          label={tp('marketing.publishLocation')}
          description={tp('marketing.publishLocationHint')}
          required
          maxLength={500}
          {...field('location')}
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
