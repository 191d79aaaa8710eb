import { Alert, Button, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, apiPost } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { ACTIVE_BREAK_GLASS_KEY, type OpenBreakGlass } from './break-glass-query';

const MIN_REASON = 10;
const MAX_REASON = 500;

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
  const [lastName, setLastName] = useState(query);
  const [birthDate, setBirthDate] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<{ lastName?: boolean; birthDate?: boolean; reason?: boolean }>({});
  const breakGlass = useMutation({
    mutationFn: () =>
      apiPost<OpenBreakGlass[]>('/api/break-glass', {
        lastName: lastName.trim(),
        birthDate,
        reason: reason.trim(),
      }),
    onSuccess: async (opened) => {
      await queryClient.invalidateQueries({ queryKey: ACTIVE_BREAK_GLASS_KEY });
      await queryClient.invalidateQueries({ queryKey: ['clients', 'search'] });
      const [only] = opened;
      if (opened.length === 1 && only) await navigate(`/app/clients/${only.clientId}`);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const now = {
      lastName: lastName.trim() === '',
      birthDate: birthDate === '',
      reason: reason.trim().length < MIN_REASON,
    };
    setMissing(now);
    if (!now.lastName && !now.birthDate && !now.reason) breakGlass.mutate();
  }

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
      <form onSubmit={submit} noValidate>
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
          {breakGlass.isError && !notFound && !fieldErrorText(tc, breakGlass.error, 'reason') && (
            <Alert color="red" variant="light" role="alert">
              {tc(requestErrorKey(breakGlass.error))}
            </Alert>
          )}
          {breakGlass.isSuccess && breakGlass.data.length > 1 && (
            <Alert color="teal" variant="light" role="status">
              {t('search.several', { count: breakGlass.data.length })}
            </Alert>
          )}
          <TextInput
            label={t('search.lastName')}
            required
            autoComplete="off"
            value={lastName}
            onChange={(e) => setLastName(e.currentTarget.value)}
            error={
              missing.lastName ? tc('fieldError.required') : fieldErrorText(tc, breakGlass.error, 'lastName')
            }
          />
          <TextInput
            label={t('search.birthDate')}
            type="date"
            required
            placeholder={t('search.birthDatePlaceholder')}
            value={birthDate}
            onChange={(e) => setBirthDate(e.currentTarget.value)}
            error={
              missing.birthDate
                ? tc('fieldError.required')
                : fieldErrorText(tc, breakGlass.error, 'birthDate')
            }
          />
          <Textarea
            label={tc('noAccess.reasonLabel')}
            description={tc('noAccess.reasonDescription', { min: MIN_REASON, max: MAX_REASON })}
            required
            autosize
            minRows={3}
            maxLength={MAX_REASON}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={
              missing.reason
                ? tc('fieldError.tooShort', { min: MIN_REASON })
                : fieldErrorText(tc, breakGlass.error, 'reason')
            }
          />
          <Button type="submit" color="orange" loading={breakGlass.isPending} w="fit-content">
            {t('search.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
