import type { TFunction } from 'i18next';

// Who acted, as the audit trail writes it (src/modules/access/actor.ts): a staff role, `client`,
// `visitor:<channel>`, `job:<name>` or `system` — shown to the owner in words.
const ROLES = ['owner', 'practitioner', 'reception', 'anonymous', 'system'] as const;

const CHANNELS = [
  'online-booking',
  'contact-form',
  'incident-form',
  'privacy-portal',
  'intake-link',
  'booking-link',
  'webshop',
] as const;
const JOBS = [
  'retention',
  'erasure',
  'reminders',
  'mailer',
  'anchor',
  'statistics',
  'photo-sweep',
  'shop',
  'erasure-reapply',
] as const;

/** The actor's role as words: a staff role, the client, `visitor:<channel>` or `job:<name>`. */
export function roleLabel(t: TFunction, role: string): string {
  const known = ROLES.find((item) => item === role);
  if (known) return t(`auditRole.${known}`);
  if (role === 'client') return t('auditRole.client');
  const [kind, name] = role.split(':');
  if (kind === 'visitor' && name) {
    const channel = CHANNELS.find((item) => item === name);
    return t('auditRole.visitor', { channel: channel ? t(`auditChannel.${channel}`) : name });
  }
  if (kind === 'job' && name) {
    const job = JOBS.find((item) => item === name);
    return t('auditRole.job', { job: job ? t(`auditJob.${job}`) : name });
  }
  return role;
}
