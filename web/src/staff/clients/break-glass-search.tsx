import { Alert, Button, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { ApiError, apiPost } from '../../shared/api';
import { namesAnyField } from '../../shared/field-errors';
import { filledText, REQUIRED, trimmedAtLeast, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { ACTIVE_BREAK_GLASS_KEY, type OpenBreakGlass } from './break-glass-query';

const MIN_REASON = 10;
const MAX_REASON = 500;
const searchSchema = z.object({
  lastName: filledText(200),
  birthDate: z.string().min(1, REQUIRED),
  reason: trimmedAtLeast(MIN_REASON, MAX_REASON),
});

/**
 * After a search that found nothing this staff member may see: break-glass on the client named by
 * last name and date of birth, with a reason. The server says only "opened" or "not found" (the same
 * 404 as break-glass on an unknown id), and logs both.
 */
export function BreakGlassSearch({ query }: { query: string }) {
  const { t } = useTranslation('breakGlass');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const breakGlass = useMutation({
    mutationFn: (body: z.output<typeof searchSchema>) => apiPost<OpenBreakGlass[]>('/api/break-glass', body),
    onSuccess: async (opened) => {
      await queryClient.invalidateQueries({ queryKey: ACTIVE_BREAK_GLASS_KEY });
      await queryClient.invalidateQueries({ queryKey: ['clients', 'search'] });
      const [only] = opened;
      if (opened.length === 1 && only) await navigate(`/app/clients/${only.clientId}`);
    },
  });

  const { field, onSubmit } = useSchemaForm(
    searchSchema,
    { lastName: query, birthDate: '', reason: '' },
    breakGlass.error,
  );

  if (!open) {
    return (
      <Button variant="subtle" color="orange" w="fit-content" onClick={() => setOpen(true)}>
        {t('search.notYours')}
      </Button>
    );
  }
  const notFound = breakGlass.error instanceof ApiError && breakGlass.error.status === 404;
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="break-glass-search-title">
      <form onSubmit={onSubmit((body) => breakGlass.mutate(body))} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h4" id="break-glass-search-title">
            {t('search.title')}
          </Title>
          <Alert color="orange" variant="light" title={tc('noAccess.warningTitle')}>
            {tc('noAccess.warning')}
          </Alert>
          <Text size="sm">{t('search.intro')}</Text>
          {notFound && (
            <Alert color="yellow" variant="light" role="alert">
              {t('search.notFound')}
            </Alert>
          )}
          {breakGlass.isError &&
            !notFound &&
            !namesAnyField(breakGlass.error, ['lastName', 'birthDate', 'reason']) && (
              <Alert color="red" variant="light" role="alert">
                {tc(requestErrorKey(breakGlass.error))}
              </Alert>
            )}
          {breakGlass.isSuccess && breakGlass.data.length > 1 && (
            <Alert color="teal" variant="light" role="status">
              {t('search.several', { count: breakGlass.data.length })}
            </Alert>
          )}
          <TextInput label={t('search.lastName')} required autoComplete="off" {...field('lastName')} />
          <TextInput
            label={t('search.birthDate')}
            type="date"
            required
            placeholder={t('search.birthDatePlaceholder')}
            {...field('birthDate')}
          />
          <Textarea
            label={tc('noAccess.reasonLabel')}
            description={tc('noAccess.reasonDescription', { min: MIN_REASON, max: MAX_REASON })}
            required
            autosize
            minRows={3}
            maxLength={MAX_REASON}
            {...field('reason')}
          />
          <Button type="submit" color="orange" loading={breakGlass.isPending} w="fit-content">
            {t('search.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
