import { Alert, Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { clientKey } from './client-types';

const MIN_REASON = 10;
const MAX_REASON = 500;

/**
 * A 404 means "does not exist" or "you do not treat this client" (the server does not say which).
 * Someone with a real need can open the dossier anyway, with a written reason that the owner reviews.
 */
export function BreakGlassPanel({
  clientId,
  canBreakGlass,
  scope = 'client',
}: {
  clientId: string;
  canBreakGlass: boolean;
  /** "dossier": the client is visible, only the medical dossier is closed (a section of the page). */
  scope?: 'client' | 'dossier';
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const breakGlass = useMutation({
    mutationFn: () =>
      apiPost<{ expiresAt: string }>(`/api/clients/${encodeURIComponent(clientId)}/break-glass`, {
        reason: reason.trim(),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKey(clientId) }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const short = reason.trim().length < MIN_REASON;
    setTooShort(short);
    if (!short) breakGlass.mutate();
  }

  const reasonError = tooShort
    ? t('fieldError.tooShort', { min: MIN_REASON })
    : fieldErrorText(t, breakGlass.error, 'reason');
  return (
    <Stack gap="md">
      <Paper p="lg" radius="lg" withBorder data-testid="no-access">
        <Stack gap="xs">
          <Title order={scope === 'client' ? 1 : 2} size={scope === 'client' ? 'h2' : 'h3'}>
            {scope === 'client' ? t('noAccess.title') : t('noAccess.dossierTitle')}
          </Title>
          <Text>{scope === 'client' ? t('noAccess.text') : t('noAccess.dossierText')}</Text>
        </Stack>
      </Paper>
      {canBreakGlass && (
        <Paper component="section" p="lg" radius="lg" withBorder aria-labelledby="break-glass-title">
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Title order={scope === 'client' ? 2 : 3} size="h3" id="break-glass-title">
                {t('noAccess.breakGlassTitle')}
              </Title>
              <Alert color="orange" variant="light" title={t('noAccess.warningTitle')}>
                {t('noAccess.warning')}
              </Alert>
              {breakGlass.isError && !reasonError && (
                <Alert color="red" variant="light" role="alert">
                  {t(requestErrorKey(breakGlass.error))}
                </Alert>
              )}
              <Textarea
                label={t('noAccess.reasonLabel')}
                description={t('noAccess.reasonDescription', { min: MIN_REASON, max: MAX_REASON })}
                required
                autosize
                minRows={3}
                maxLength={MAX_REASON}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={reasonError}
              />
              <Button type="submit" loading={breakGlass.isPending} w="fit-content">
                {t('noAccess.breakGlassSubmit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      )}
    </Stack>
  );
}
