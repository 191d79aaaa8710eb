/**
 * The narrow doors through which public entry points find a client without being able to read any
 * (decision 0014). Each is a SECURITY DEFINER function in the database (migration 0039) that
 * answers ids only: a visitor never sees the answer, and the gate then binds a client actor to it.
 */
import { sql } from 'drizzle-orm';
import { sha256Hex } from '../../platform/crypto';
import type { Language } from '../privacy/statement';
import type { ClientLink } from './actor';
import type { Tx } from './gate';

/** The clients with this e-mail address, oldest first: ids and languages only (visitor and system). */
export async function clientsWithEmail(
  scope: { tx: Tx },
  email: string,
): Promise<{ id: string; language: Language }[]> {
  const result = await scope.tx.execute(sql`select id, language from vellum_clients_with_email(${email})`);
  return (result as unknown as { rows: { id: string; language: Language }[] }).rows;
}

/** The client a live one-time link is for, looked up by the link's hash alone; null when none. */
export async function linkedClient(
  scope: { tx: Tx },
  link: ClientLink,
  token: string,
): Promise<string | null> {
  const result = await scope.tx.execute(
    sql`select vellum_link_client(${link}, ${sha256Hex(token)}) as client_id`,
  );
  return (result as unknown as { rows: { client_id: string | null }[] }).rows[0]?.client_id ?? null;
}

/**
 * The client whose still-booked appointment a move took away from this link (migration 0054), looked
 * up by the link's hash alone, as a visitor; null when none.
 */
export async function movedLinkClient(scope: { tx: Tx }, token: string): Promise<string | null> {
  const result = await scope.tx.execute(
    sql`select vellum_moved_link_client(${sha256Hex(token)}) as client_id`,
  );
  return (result as unknown as { rows: { client_id: string | null }[] }).rows[0]?.client_id ?? null;
}
