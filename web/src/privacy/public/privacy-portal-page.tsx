import { Alert, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useClinicName } from '../../public/clinic-name';
import { ApiError, apiPost } from '../../shared/api';
import { emailAddress, useSchemaForm } from '../../shared/form';
import { readLinkValue, useHashValue } from '../../shared/location-hash';
import { requestErrorKey } from '../../shared/request-error';
import { usePrivacyText } from '../privacy-text';
import { PORTAL_KEY, PortalOverview } from './portal-overview';
import classes from './public-privacy.module.css';

/**
 * /privacy-portal: a client asks for a link by e-mail; /privacy-portal#token=… (the link) shows what
 * the clinic holds about them. The token leaves the address bar at once and is kept only in this
 * tab's history entry (so a reload still works while the link does), never in storage or a cookie.
 */
export function PrivacyPortalPage() {
  const tp = usePrivacyText();
  const clinic = useClinicName();
  useDocumentTitle(`${tp('portal.title')} · ${clinic}`);
  const linkToken = useHashValue('token');
  const [token, setToken] = useState(linkToken);
  useLinkOpenedAgain(setToken);
  if (token) return <PortalOverview key={token} token={token} onExpired={() => setToken(undefined)} />;
  return (
    <Stack gap="lg" className={classes.column}>
      <Stack gap="xs">
        <Title order={1}>{tp('portal.title')}</Title>
        <Text>{tp('portal.intro', { clinic })}</Text>
      </Stack>
      {linkToken && (
        <Alert color="yellow" variant="light" role="alert" title={tp('portal.expiredTitle')}>
          {tp('portal.expired')}
        </Alert>
      )}
      <RequestLinkForm />
    </Stack>
  );
}

/**
 * A link pasted into this tab while the page is open changes only the fragment: no new page load,
 * so read it here (and take it out of the address bar, as useHashValue does).
 */
function useLinkOpenedAgain(onToken: (token: string) => void) {
  const queryClient = useQueryClient();
  useEffect(() => {
    function read() {
      const {
        value: next,
        state,
        fromFragment,
      } = readLinkValue('token', window.location.hash, window.history.state);
      if (!next || !fromFragment) return;
      window.history.replaceState(state, '', window.location.pathname);
      queryClient.removeQueries({ queryKey: PORTAL_KEY });
      onToken(next);
    }
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, [onToken, queryClient]);
}

const linkSchema = z.object({ email: emailAddress });

function RequestLinkForm() {
  const { t, i18n } = useTranslation();
  const tp = usePrivacyText();
  const request = useMutation({
    mutationFn: ({ email }: z.output<typeof linkSchema>) =>
      apiPost<{ sent: boolean }>('/api/public/privacy-portal/link', {
        email,
        language: i18n.resolvedLanguage === 'en' ? 'en' : 'nl',
      }),
  });
  // The server's answer names no field on purpose (the same for every address): a 400 is the address.
  const { form, field, onSubmit } = useSchemaForm(linkSchema, { email: '' });

  if (request.isSuccess) {
    return (
      <Alert color="teal" variant="light" role="status" title={tp('portal.sentTitle')}>
        <Stack gap="xs">
          <Text size="sm">{tp('portal.sent', { email: request.variables?.email ?? '' })}</Text>
          <Text size="sm">{tp('portal.sentValid')}</Text>
          <Button
            variant="subtle"
            size="compact-sm"
            w="fit-content"
            onClick={() => {
              request.reset();
              form.reset();
            }}
          >
            {tp('portal.otherAddress')}
          </Button>
        </Stack>
      </Alert>
    );
  }

  // Only a malformed address is named; every well-formed one gets the same answer, known or not.
  const invalid = request.error instanceof ApiError && request.error.status === 400;
  return (
    <Paper p={{ base: 'md', sm: 'lg' }} radius="lg" className={classes.card}>
      <form onSubmit={onSubmit((values) => request.mutate(values))} noValidate>
        <Stack gap="md">
          {request.isError && !invalid && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(request.error))}
            </Alert>
          )}
          <TextInput
            label={tp('portal.email')}
            description={tp('portal.emailHint')}
            type="email"
            inputMode="email"
            autoComplete="email"
            required
            {...field('email')}
            error={field('email').error ?? (invalid ? t('fieldError.email') : undefined)}
          />
          <Button type="submit" loading={request.isPending} w={{ base: '100%', sm: 'fit-content' }}>
            {tp('portal.requestLink')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
