import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SignInLocationState } from './sign-in-page';

const NOTICES = {
  'session-ended': { color: 'yellow', text: 'signIn.noticeSessionEnded' },
  'signed-out': { color: 'gray', text: 'signIn.noticeSignedOut' },
  'set-up': { color: 'green', text: 'signIn.noticeSetUp' },
  'invitation-accepted': { color: 'green', text: 'signIn.noticeInvitationAccepted' },
} as const;

export function SignInNoticeAlert({ notice }: { notice: NonNullable<SignInLocationState['notice']> }) {
  const { t } = useTranslation();
  const { color, text } = NOTICES[notice];
  return (
    <Alert color={color} variant="light" role="status">
      {t(text)}
    </Alert>
  );
}
