import { Button, Container, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { IntakeForm } from '../../intake/intake-form';
import type { IntakeLanguage, SignedIntake } from '../../intake/intake-types';
import { apiGet, apiPost } from '../../shared/api';
import { SESSION_KEY, type Session } from '../session/session-query';
import { ClientModeLock } from './client-mode-lock';
import type { IntakeFormForStaff } from './intake-section';

// Client mode is a state of the session on the server: from the moment it starts, the session may
// only fetch the intake form, sign an intake for this client, and leave with a staff password. The
// page follows the session, not the other way round: a reload in client mode comes back here.
// The form to show lives in the address (`?intake=<treatment type>&lang=nl`): no browser storage,
// nothing about the client in it; without it, the lock screen shows.

const FORM_PARAM = 'intake';
const LANGUAGE_PARAM = 'lang';

/** The intake area's query keys, in one place. */
export const intakeKeys = {
  form: (treatmentTypeId: string) => ['intake-form', treatmentTypeId] as const,
  // Under the client's own key, so whatever refreshes a client (a merge) refreshes these too.
  ofClient: (clientId: string) => ['clients', clientId, 'intakes'] as const,
  treatmentTypes: ['intake', 'treatment-types'] as const,
};

const fetchForm = (treatmentTypeId: string, signal?: AbortSignal) =>
  apiGet<IntakeFormForStaff>(`/api/intake-forms/${encodeURIComponent(treatmentTypeId)}`, signal);

/** Starts client mode for a form already opened: the server first, then the address and the page. */
export async function startClientMode(
  queryClient: QueryClient,
  setAddress: (params: URLSearchParams) => Promise<void>,
  clientId: string,
  form: IntakeFormForStaff,
  language: IntakeLanguage,
): Promise<void> {
  await apiPost<void>('/api/auth/client-mode', { clientId });
  queryClient.setQueryData(intakeKeys.form(form.treatmentTypeId), form);
  await setAddress(new URLSearchParams({ [FORM_PARAM]: form.treatmentTypeId, [LANGUAGE_PARAM]: language }));
  queryClient.setQueryData<Session | null>(SESSION_KEY, (session) =>
    session ? { ...session, clientMode: { clientId } } : session,
  );
}

/**
 * Client mode on the clinic's tablet: a full-screen form that covers the staff area and shows no
 * other data about the client. After signing it asks for the tablet back; leaving (or cancelling)
 * goes through a lock screen where the staff member types their password.
 */
export function ClientModeScreen({ clientId }: { clientId: string }) {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const treatmentTypeId = params.get(FORM_PARAM);
  const language: IntakeLanguage = params.get(LANGUAGE_PARAM) === 'en' ? 'en' : 'nl';
  const [locked, setLocked] = useState(false);
  const t = useMemo(() => i18n.getFixedT(language), [i18n, language]);
  const staffT = useMemo(() => i18n.getFixedT(i18n.resolvedLanguage ?? 'nl'), [i18n]);

  // The staff area underneath (navigation, header) can be neither reached nor read.
  useEffect(() => {
    const root = document.getElementById('root');
    if (!root) return;
    root.inert = true;
    return () => {
      root.inert = false;
    };
  }, []);

  const form = useQuery({
    queryKey: intakeKeys.form(treatmentTypeId ?? ''),
    queryFn: ({ signal }) => fetchForm(treatmentTypeId ?? '', signal),
    enabled: treatmentTypeId !== null,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const sign = useMutation({
    mutationFn: (signed: SignedIntake) =>
      apiPost<{ id: string; signedAt: string }>(`/api/clients/${encodeURIComponent(clientId)}/intakes`, {
        treatmentTypeId,
        ...signed,
      }),
    // Signed once: a reload now shows the lock screen, not the form again.
    onSuccess: () => setParams(new URLSearchParams(), { replace: true }),
  });
  const setLanguage = (next: IntakeLanguage) =>
    setParams(
      (current) => {
        current.set(LANGUAGE_PARAM, next);
        return current;
      },
      { replace: true },
    );
  const unlocked = () => {
    setParams(new URLSearchParams(), { replace: true });
    queryClient.setQueryData<Session | null>(SESSION_KEY, (session) =>
      session ? { ...session, clientMode: null } : session,
    );
    void queryClient.invalidateQueries({ queryKey: intakeKeys.ofClient(clientId) });
  };

  const showLock = locked || (!sign.isSuccess && (treatmentTypeId === null || form.isError));
  let title = t('intake.clientModeTitle');
  let content: ReactNode;
  if (showLock) {
    title = staffT('clientMode.lockTitle');
    content = (
      <ClientModeLock
        onUnlocked={unlocked}
        onBackToForm={locked && !sign.isSuccess && form.data ? () => setLocked(false) : undefined}
        formFailed={form.isError}
      />
    );
  } else if (sign.isSuccess) {
    content = (
      <Stack gap="lg" align="center" ta="center" py="xl" data-testid="client-mode-done">
        <Title order={1}>{t('intake.thanksTitle')}</Title>
        <Text size="lg">{t('intake.thanks')}</Text>
        <Text size="lg" fw={600}>
          {t('intake.handBack')}
        </Text>
        <Button variant="default" mt="xl" onClick={() => setLocked(true)}>
          {staffT('intake.backToStaff')}
        </Button>
      </Stack>
    );
  } else if (!form.data) {
    content = <Loader role="status" aria-label={staffT('common.loading')} />;
  } else {
    content = (
      <Stack gap="md">
        <IntakeForm
          form={form.data}
          language={language}
          onLanguageChange={setLanguage}
          pending={sign.isPending}
          error={sign.error}
          onSign={(signed) => sign.mutate(signed)}
        />
        <Group justify="flex-start">
          <Button variant="subtle" color="gray" size="compact-sm" onClick={() => setLocked(true)}>
            {staffT('intake.cancelClientMode')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Modal
      opened
      onClose={() => {}}
      fullScreen
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      title={title}
      transitionProps={{ duration: 0 }}
      data-testid="client-mode"
    >
      <Container size="sm" py="md">
        {content}
      </Container>
    </Modal>
  );
}
