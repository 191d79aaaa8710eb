import { Alert, Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import { namesAnyField } from '../../shared/field-errors';
import { trimmedAtLeast, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { clientKey } from './client-types';

const MIN_REASON = 10;
const MAX_REASON = 500;
const reasonSchema = z.object({ reason: trimmedAtLeast(MIN_REASON, MAX_REASON) });

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
  const breakGlass = useMutation({
    mutationFn: (body: z.output<typeof reasonSchema>) =>
      apiPost<{ expiresAt: string }>(`/api/clients/${encodeURIComponent(clientId)}/break-glass`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKey(clientId) }),
  });
  const { field, onSubmit } = useSchemaForm(reasonSchema, { reason: '' }, breakGlass.error);
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
          <form onSubmit={onSubmit((body) => breakGlass.mutate(body))} noValidate>
            <Stack gap="sm">
              <Title order={scope === 'client' ? 2 : 3} size="h3" id="break-glass-title">
                {t('noAccess.breakGlassTitle')}
              </Title>
              <Alert color="orange" variant="light" title={t('noAccess.warningTitle')}>
                {t('noAccess.warning')}
              </Alert>
              {breakGlass.isError && !namesAnyField(breakGlass.error, ['reason']) && (
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
                {...field('reason')}
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
