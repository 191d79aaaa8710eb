export const staffRoles = ['owner', 'practitioner', 'reception'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Who is acting. Staff come from a verified session; jobs and the CLI act as `system`. */
export type Actor =
  | { kind: 'staff'; id: string; role: StaffRole }
  | { kind: 'system'; name: string }
  | { kind: 'anonymous' };

/** Which part of a client's data: identity/contact, or medical data (intake, reports, photos, notes). */
export type DataKind = 'contact' | 'medical';

export function actorId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null;
}

export function actorRole(actor: Actor): string {
  if (actor.kind === 'staff') return actor.role;
  if (actor.kind === 'system') return 'system';
  return 'anonymous';
}
