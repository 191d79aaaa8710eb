import type { teamNl } from './team-nl';

type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const teamEn: Texts<typeof teamNl> = {
  invitations: {
    title: 'Pending invitations',
    none: 'No pending invitations.',
    name: 'Name',
    role: 'Role',
    validUntil: 'Valid until',
    expired: 'Expired',
    actions: 'Actions',
    resend: 'Send again',
    resendNamed: 'Send the invitation of {{name}} again',
    resent:
      'A new invitation for {{name}} is in the outbox (valid until {{until}}). The previous link no longer works.',
    revoke: 'Revoke',
    revokeNamed: 'Revoke the invitation of {{name}}',
    revokeTitle: 'Revoke the invitation?',
    revokeText: 'The link {{name}} received will no longer work.',
    revokeConfirm: 'Revoke',
  },
  member: {
    actionsNamed: 'Actions for {{name}}',
    changeRole: 'Change role',
    changeRoleTitle: 'Change the role of {{name}}',
    changeRoleText: 'The new role applies at once, in a session already running too.',
    newRole: 'New role',
    save: 'Save',
    lastOwner: 'The clinic always needs an owner: make someone else owner first.',
    resetSecondFactor: 'Reset second factor',
    resetTitle: 'Reset the second factor of {{name}}?',
    resetText:
      '{{name}} is signed out everywhere and sets up a new authenticator app at the next sign-in. Only do this when you are sure {{name}} asked for it (a lost phone, for example).',
    resetConfirm: 'Reset',
  },
};
