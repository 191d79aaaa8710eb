import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import type { Clock } from '../../platform/clock';
import type { AuditAnchor } from './verify';

/**
 * Writes the chain's current head to the anchor file, outside the database. Someone who can rewrite
 * the database cannot also rewrite the anchors (keep the file on other storage or copy it off-site);
 * verify then detects a chain recomputed from scratch.
 */
export async function writeAnchor(
  db: Pick<Db, 'execute'>,
  file: string,
  clock: Clock,
): Promise<AuditAnchor | undefined> {
  const result = await db.execute(sql`select seq, hash from audit_head where id = true`);
  const [head] = (result as unknown as { rows: { seq: string | number; hash: string }[] }).rows;
  if (!head || Number(head.seq) === 0) return undefined;
  const anchor: AuditAnchor = { seq: Number(head.seq), hash: head.hash, at: clock.now().toISOString() };
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  return anchor;
}
