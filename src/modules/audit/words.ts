/**
 * The audit vocabulary as words a client or auditor reads ("Wisverzoek", not `erasure_request`), for
 * documents the server writes (the client's export). The staff screens have the same words in
 * `web/src/shared/i18n/audit-*.ts`. A name without a word is shown as it is.
 */
import type { DocumentLanguage } from '../../platform/document-format';
import type { AuditAction } from './events';

const ACTIONS: Record<DocumentLanguage, Record<AuditAction, string>> = {
  nl: {
    create: 'aangemaakt',
    read: 'ingezien',
    update: 'gewijzigd',
    delete: 'verwijderd',
    search: 'gezocht',
    print: 'afgedrukt',
    export: 'geëxporteerd',
    disclose: 'verstrekt aan derde',
    refuse: 'geweigerd',
    break_glass: 'noodtoegang',
    sign_in: 'ingelogd',
    sign_in_failed: 'inloggen mislukt',
    sign_out: 'uitgelogd',
    second_factor_enrolled: 'authenticator ingesteld',
    second_factor_reset: 'authenticator hersteld',
    password_changed: 'wachtwoord gewijzigd',
    role_changed: 'rol gewijzigd',
    revoke: 'ingetrokken',
    invite: 'uitgenodigd',
    account_disabled: 'account uitgeschakeld',
    assign: 'toegewezen',
    review: 'beoordeeld',
    verify: 'gecontroleerd',
    sign: 'ondertekend',
    merge: 'samengevoegd',
  },
  en: {
    create: 'created',
    read: 'viewed',
    update: 'changed',
    delete: 'deleted',
    search: 'searched',
    print: 'printed',
    export: 'exported',
    disclose: 'disclosed to a third party',
    refuse: 'refused',
    break_glass: 'emergency access',
    sign_in: 'signed in',
    sign_in_failed: 'sign-in failed',
    sign_out: 'signed out',
    second_factor_enrolled: 'authenticator set up',
    second_factor_reset: 'authenticator reset',
    password_changed: 'password changed',
    role_changed: 'role changed',
    revoke: 'revoked',
    invite: 'invited',
    account_disabled: 'account disabled',
    assign: 'assigned',
    review: 'reviewed',
    verify: 'verified',
    sign: 'signed',
    merge: 'merged',
  },
};

const ROLES: Record<DocumentLanguage, Record<string, string>> = {
  nl: {
    owner: 'Eigenaar',
    practitioner: 'Behandelaar',
    reception: 'Receptie',
    client: 'Jijzelf',
    anonymous: 'Niet ingelogd',
    system: 'Systeem',
  },
  en: {
    owner: 'Owner',
    practitioner: 'Practitioner',
    reception: 'Reception',
    client: 'You',
    anonymous: 'Not signed in',
    system: 'System',
  },
};

export function actionWord(action: string, language: DocumentLanguage): string {
  return (ACTIONS[language] as Record<string, string>)[action] ?? action;
}

export function roleWord(role: string, language: DocumentLanguage): string {
  return ROLES[language][role] ?? role;
}
