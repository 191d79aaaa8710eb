import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { usePrivacyText } from '../privacy-text';

type Change = { reason: string } | null;

/**
 * The owner keeps a dossier past its retention period (a claim, an investigation), with the
 * reason on record, and lifts the hold when it no longer applies.
 */
export function LegalHoldPanel({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const [state, setState] = useState<'placed' | 'lifted'>();
  const change = useMutation({
    mutationFn: (next: Change) =>
      apiRequest<void>(`/api/clients/${encodeURIComponent(clientId)}/legal-hold`, {
        method: next ? 'PUT' : 'DELETE',
        body: next ?? undefined,
      }),
    onSuccess: (_, next) => {
      setState(next ? 'placed' : 'lifted');
      if (next) setReason('');
    },
  });
  function place(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const short = reason.trim().length < 5;
    setTooShort(short);
    if (!short) change.mutate({ reason: reason.trim() });
  }
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        {tp('legalHold.title')}
      </Title>
      <Text size="sm">{tp('legalHold.intro')}</Text>
      {change.isError && !fieldErrorText(t, change.error, 'reason') && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(change.error))}
        </Alert>
      )}
      {state && (
        <Alert
          color={state === 'placed' ? 'orange' : 'teal'}
          variant="light"
          role="status"
          data-testid="legal-hold-state"
        >
          {state === 'placed' ? tp('legalHold.placed') : tp('legalHold.lifted')}
        </Alert>
      )}
      <form onSubmit={place} noValidate aria-label={tp('legalHold.title')}>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={tp('legalHold.reason')}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={
              tooShort ? t('fieldError.tooShort', { min: 5 }) : fieldErrorText(t, change.error, 'reason')
            }
            flex={1}
            miw={240}
          />
        </Group>
        <Group gap="sm" mt="sm">
          <Button type="submit" variant="light" loading={change.isPending && change.variables !== null}>
            {tp('legalHold.place')}
          </Button>
          <Button
            variant="subtle"
            loading={change.isPending && change.variables === null}
            onClick={() => change.mutate(null)}
          >
            {tp('legalHold.lift')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
