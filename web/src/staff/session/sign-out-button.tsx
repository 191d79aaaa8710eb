import { Button } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { apiPost } from '../../shared/api';
import type { SignInLocationState } from '../sign-in/sign-in-page';
import { forgetSession } from './session-query';

/**
 * Ends the session on the server, forgets everything fetched, and replaces the current history
 * entry, so Back does not bring the page back (and would ask the server again if it did).
 */
export function SignOutButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => apiPost<void>('/api/auth/logout'),
    onSettled: async () => {
      // Leave the page first, then forget: nothing re-renders staff data in between.
      const state: SignInLocationState = { notice: 'signed-out' };
      await navigate('/app/login', { replace: true, state });
      forgetSession(queryClient);
    },
  });
  return (
    <Button variant="default" size="compact-sm" loading={signOut.isPending} onClick={() => signOut.mutate()}>
      {t('staff.signOut')}
    </Button>
  );
}
