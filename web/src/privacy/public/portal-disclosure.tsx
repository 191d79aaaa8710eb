import { Alert, Button, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { usePrivacyText } from '../privacy-text';
import { linkExpired } from './portal-overview';

/** A written request to send the file to someone, e.g. the client's doctor (P8.2): the only way out. */
export function PortalDisclosure({ token, onExpired }: { token: string; onExpired: () => void }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const [recipient, setRecipient] = useState('');
  const [purpose, setPurpose] = useState('');
  const [missing, setMissing] = useState<{ recipient?: boolean; purpose?: boolean }>({});
  const request = useMutation({
    mutationFn: () =>
      apiPost<{ id: string }>('/api/public/privacy-portal/disclosure-request', {
        token,
        recipient: recipient.trim(),
        purpose: purpose.trim(),
      }),
    onError: (error) => {
      if (linkExpired(error) && !namesAnyField(error, ['recipient', 'purpose'])) onExpired();
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nowMissing = { recipient: recipient.trim().length < 3, purpose: purpose.trim().length < 3 };
    setMissing(nowMissing);
    if (!nowMissing.recipient && !nowMissing.purpose) request.mutate();
  }
  if (request.isSuccess) {
    return (
      <Alert color="teal" variant="light" role="status" title={tp('portal.disclosureDoneTitle')}>
        {tp('portal.disclosureDone', { recipient: recipient.trim() })}
      </Alert>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text>{tp('portal.disclosureIntro')}</Text>
        {request.isError && !namesAnyField(request.error, ['recipient', 'purpose']) && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(request.error))}
          </Alert>
        )}
        <TextInput
          label={tp('portal.disclosureRecipient')}
          description={tp('portal.disclosureRecipientHint')}
          required
          maxLength={300}
          value={recipient}
          onChange={(e) => setRecipient(e.currentTarget.value)}
          error={
            missing.recipient
              ? t('fieldError.tooShort', { min: 3 })
              : fieldErrorText(t, request.error, 'recipient')
          }
        />
        <Textarea
          label={tp('portal.disclosurePurpose')}
          description={tp('portal.disclosurePurposeHint')}
          required
          autosize
          minRows={2}
          maxLength={500}
          value={purpose}
          onChange={(e) => setPurpose(e.currentTarget.value)}
          error={
            missing.purpose
              ? t('fieldError.tooShort', { min: 3 })
              : fieldErrorText(t, request.error, 'purpose')
          }
        />
        <Button type="submit" variant="light" w="fit-content" loading={request.isPending}>
          {tp('portal.disclosureSubmit')}
        </Button>
      </Stack>
    </form>
  );
}
