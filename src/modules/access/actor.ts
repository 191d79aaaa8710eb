export const staffRoles = ['owner', 'practitioner', 'reception'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** The public channels an anonymous visitor can use: each may create what its form creates, and read nothing. */
export type VisitorChannel =
  | 'online-booking'
  | 'contact-form'
  | 'incident-form'
  | 'privacy-portal'
  | 'intake-link'
  | 'booking-link'
  | 'webshop';

/** How a client proved who they are: a one-time link sent to the address in their dossier. */
export type ClientLink = 'privacy-portal' | 'intake-link' | 'booking-link';

/**
 * The jobs, each allowed only the tables and actions its work needs (row-level security names them
 * in its policies, migration 0038). Adding a job means adding it there too.
 */
export const jobNames = [
  'retention',
  'erasure',
  'reminders',
  'mailer',
  'anchor',
  'statistics',
  'photo-sweep',
  'shop',
] as const;
export type JobName = (typeof jobNames)[number];

/**
 * Who is acting (decision 0014). Staff come from a verified session; a client from a one-time link
 * bound to their id; a visitor from a public form; a job by its name. `system` is only for what has
 * no request and no job: setup, migrations, the seed and the operator's CLI.
 */
export type Actor =
  | { kind: 'staff'; id: string; role: StaffRole }
  | { kind: 'client'; clientId: string; via: ClientLink }
  | { kind: 'visitor'; channel: VisitorChannel }
  | { kind: 'job'; name: JobName }
  | { kind: 'system'; name: string }
  | { kind: 'anonymous' };

/** Which part of a client's data: identity/contact, or medical data (intake, reports, photos, notes). */
export type DataKind = 'contact' | 'medical';

export function actorId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null;
}

/** The role the audit trail names: a staff role, `client`, `visitor:<channel>`, `job:<name>` or `system`. */
export function actorRole(actor: Actor): string {
  switch (actor.kind) {
    case 'staff':
      return actor.role;
    case 'client':
      return 'client';
    case 'visitor':
      return `visitor:${actor.channel}`;
    case 'job':
      return `job:${actor.name}`;
    case 'system':
      return 'system';
    default:
      return 'anonymous';
  }
}

/**
 * What the gate sets per transaction for row-level security: the role the policies switch on, the
 * staff member, the client a client actor is bound to, and the job's name.
 */
export function rlsSettings(actor: Actor): { role: string; staff: string; client: string; job: string } {
  switch (actor.kind) {
    case 'staff':
      return { role: actor.role, staff: actor.id, client: '', job: '' };
    case 'client':
      return { role: 'client', staff: '', client: actor.clientId, job: '' };
    case 'visitor':
      return { role: 'visitor', staff: '', client: '', job: '' };
    case 'job':
      return { role: 'job', staff: '', client: '', job: actor.name };
    case 'system':
      return { role: 'system', staff: '', client: '', job: '' };
    default:
      return { role: '', staff: '', client: '', job: '' };
  }
}

export const visitor = (channel: VisitorChannel): Actor => ({ kind: 'visitor', channel });
export const job = (name: JobName): Actor => ({ kind: 'job', name });
export const clientActor = (clientId: string, via: ClientLink): Actor => ({ kind: 'client', clientId, via });
