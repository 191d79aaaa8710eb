import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staff } from '../../db/schema';

const at = (name: string) => timestamp(name, { withTimezone: true });

export type ErasureCertificate = {
  requestId: string;
  clientId: string;
  receivedAt: string;
  deadlineAt: string;
  executedAt: string;
  /** Rows destroyed per kind, files removed, and that the client's key was destroyed. */
  destroyed: Record<string, number>;
  keyDestroyed: boolean;
  /** What was kept, why, and until when. Never names or content, only counts. */
  kept: {
    /** Which of the kept kinds, so the certificate can be written in any language (absent before 2026-12). */
    kind?: KeptKind;
    what: string;
    count: number;
    why: string;
    /** An ISO day, or a phrase (until the audit trail ends; none kept). */
    until: string;
  }[];
  /** Third parties the data was disclosed to, who must hear of the erasure (GDPR art. 19). */
  recipientsToInform: string[];
  /** The client's language when the erasure was carried out: the certificate is written in it. */
  language?: 'nl' | 'en';
};

export type KeptKind = 'audit_trail' | 'financial' | 'request';

/**
 * A client's request to erase their data (P9.2): registered by staff or from the privacy portal,
 * due within 14 days. The client is referenced by id only, with no foreign key: the request and
 * its certificate outlive the client row, and hold nothing that names the person.
 */
export const erasureRequest = pgTable(
  'erasure_request',
  {
    id: uuid('id').primaryKey(),
    clientId: uuid('client_id').notNull(),
    channel: text('channel', { enum: ['staff', 'portal'] }).notNull(),
    receivedAt: at('received_at').notNull(),
    deadlineAt: at('deadline_at').notNull(),
    registeredBy: uuid('registered_by').references(() => staff.id),
    executedAt: at('executed_at'),
    executedBy: uuid('executed_by').references(() => staff.id),
    certificate: jsonb('certificate').$type<ErasureCertificate>(),
  },
  (t) => [index('erasure_request_client').on(t.clientId), index('erasure_request_open').on(t.deadlineAt)],
);
