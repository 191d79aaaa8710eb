import { Alert, Button, Group, List, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { optionalText, REQUIRED, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { type ClientPhotoSet, TAKEDOWNS_KEY, USABLE_MARKETING_KEY, useTakedowns } from '../marketing-queries';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ConsentLanguage } from '../privacy-types';

/** A withdrawal that came by e-mail names the message (a reference). */
const withdrawalSchema = z
  .object({ channel: z.enum(['desk', 'email']), reference: optionalText(500) })
  .refine((v) => v.channel !== 'email' || v.reference !== '', {
    message: REQUIRED,
    path: ['reference'],
  });

/** Withdraws the marketing consent of a set, after asking: it leaves every later export at once. */
export function MarketingWithdrawal({
  clientId,
  clientLanguage,
  set,
  onWithdrawn,
}: {
  clientId: string;
  clientLanguage: ConsentLanguage;
  set: ClientPhotoSet;
  onWithdrawn: () => void;
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const withdraw = useMutation({
    mutationFn: ({ channel, reference }: z.output<typeof withdrawalSchema>) =>
      apiPost<{ id: string }>(
        `/api/clients/${encodeURIComponent(clientId)}/photo-sets/${encodeURIComponent(set.id)}/marketing-consent`,
        {
          decision: 'withdrawn',
          language: clientLanguage,
          channel,
          reference: channel === 'email' ? reference : undefined,
        },
      ),
    onSuccess: async () => {
      setConfirming(false);
      onWithdrawn();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: privacyKeys.consents(clientId) }),
        queryClient.invalidateQueries({ queryKey: USABLE_MARKETING_KEY }),
        queryClient.invalidateQueries({ queryKey: TAKEDOWNS_KEY }),
      ]);
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    withdrawalSchema,
    { channel: 'desk', reference: '' },
    withdraw.error,
  );
  const confirm = onSubmit((values) => withdraw.mutate(values));
  return (
    <>
      <Button
        variant="outline"
        color="red.9"
        w="fit-content"
        onClick={() => {
          withdraw.reset();
          setConfirming(true);
        }}
        aria-label={tp('marketing.withdrawFor', { set: set.bodyArea })}
      >
        {tp('marketing.withdraw')}
      </Button>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={tp('marketing.withdrawTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <Stack gap="md">
          <Text>{tp('marketing.withdrawText', { set: set.bodyArea })}</Text>
          <Radio.Group label={tp('consentForm.channel')} {...field('channel')}>
            <Group gap="md" mt={6}>
              <Radio value="desk" label={tp('channel.desk')} />
              <Radio value="email" label={tp('channel.email')} />
            </Group>
          </Radio.Group>
          {form.values.channel === 'email' && (
            <TextInput
              label={tp('consentForm.reference')}
              description={tp('consentForm.referenceHint')}
              required
              maxLength={500}
              {...field('reference')}
            />
          )}
          {withdraw.isError && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(withdraw.error))}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red.9" loading={withdraw.isPending} onClick={() => confirm()}>
              {tp('marketing.withdrawConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/**
 * Right after a withdrawal: where the set was published, to take it down. Only the owner may read
 * the publications; anyone else is told the owner has the list.
 */
export function TakedownNotice({ photoSetId, isOwner }: { photoSetId: string; isOwner: boolean }) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  const takedowns = useTakedowns(isOwner);
  const ofSet = (takedowns.data ?? []).filter((p) => p.photoSetId === photoSetId);
  return (
    <Alert color="orange" variant="light" role="status" data-testid="marketing-takedown-notice">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {tp('marketing.withdrawnNotice')}
        </Text>
        {!isOwner && <Text size="sm">{tp('marketing.takedownByOwner')}</Text>}
        {isOwner && takedowns.data && ofSet.length === 0 && (
          <Text size="sm">{tp('marketing.takedownNone')}</Text>
        )}
        {ofSet.length > 0 && (
          <>
            <Text size="sm">{tp('marketing.takedownThese')}</Text>
            <List size="sm">
              {ofSet.map((p) => (
                <List.Item key={p.id} style={{ overflowWrap: 'anywhere' }}>
                  {tp(`marketing.channel.${p.channel}`)}: {p.location} (
                  {tp('marketing.publishedAt', { at: time.dateTime(p.publishedAt) })})
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Alert>
  );
}
