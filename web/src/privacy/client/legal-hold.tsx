import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiRequest } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { trimmedAtLeast, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { usePrivacyText } from '../privacy-text';

type Change = { reason: string } | null;

const holdSchema = z.object({ reason: trimmedAtLeast(5, 500) });

/**
 * The owner keeps a dossier past its retention period (a claim, an investigation), with the
 * reason on record, and lifts the hold when it no longer applies.
 */
export function LegalHoldPanel({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const [state, setState] = useState<'placed' | 'lifted'>();
  const change = useMutation({
    mutationFn: (next: Change) =>
      apiRequest<void>(`/api/clients/${encodeURIComponent(clientId)}/legal-hold`, {
        method: next ? 'PUT' : 'DELETE',
        body: next ?? undefined,
      }),
    onSuccess: (_, next) => {
      setState(next ? 'placed' : 'lifted');
      if (next) form.reset();
    },
  });
  const { form, field, onSubmit } = useSchemaForm(holdSchema, { reason: '' }, change.error);
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
      <form
        onSubmit={onSubmit((values) => change.mutate(values))}
        noValidate
        aria-label={tp('legalHold.title')}
      >
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput label={tp('legalHold.reason')} maxLength={500} {...field('reason')} flex={1} miw={240} />
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
