import { asc, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { clinic } from '../../db/schema';
import { newId } from '../../platform/ids';
import { clinicFeatures } from '../access/clinic-features';
import type { Tx } from '../access/gate';
import { processor } from '../registers/tables';
import { defaultRetention, renderStatement, type StatementSettings } from './statement';
import { privacyStatementVersion } from './tables';

export type StatementVersion = typeof privacyStatementVersion.$inferSelect;

/**
 * Published versions of the privacy statement. The current version is the rendering of today's
 * settings: asking for it publishes a new version when the settings changed the text. Published
 * text is public and holds no personal data, so this reads outside the access gate.
 */
export class PrivacyStatements {
  constructor(
    private readonly database: Database,
    /** VELLUM_BACKUP_KEEP_DAYS: the statement says how long backups live. */
    private readonly backupDays = defaultRetention.backupDays,
  ) {}

  /** The version a visitor sees now (null before the clinic is set up). */
  async current(now: Date): Promise<StatementVersion | null> {
    return this.database.db.transaction((tx) => this.currentIn(tx, now));
  }

  /** The same, inside an action's transaction (a consent records the version it was given on). */
  async currentIn(tx: Tx, now: Date): Promise<StatementVersion | null> {
    const settings = await this.settings(tx);
    if (!settings) return null;
    const rendered = renderStatement(settings);
    const [latest] = await tx
      .select()
      .from(privacyStatementVersion)
      .orderBy(desc(privacyStatementVersion.version))
      .limit(1);
    if (latest?.hash === rendered.hash) return latest;
    // Two requests publishing at once: the unique version number lets one win; the other reads it.
    const [published] = await tx
      .insert(privacyStatementVersion)
      .values({ id: newId(), version: (latest?.version ?? 0) + 1, ...rendered, publishedAt: now })
      .onConflictDoNothing()
      .returning();
    if (published) return published;
    const [winner] = await tx
      .select()
      .from(privacyStatementVersion)
      .orderBy(desc(privacyStatementVersion.version))
      .limit(1);
    return winner ?? null;
  }

  async byVersion(tx: Tx, version: number): Promise<StatementVersion | undefined> {
    const [row] = await tx
      .select()
      .from(privacyStatementVersion)
      .where(eq(privacyStatementVersion.version, version));
    return row;
  }

  private async settings(tx: Tx): Promise<StatementSettings | null> {
    const [row] = await tx.select().from(clinic).limit(1);
    if (!row) return null;
    return {
      clinic: {
        name: row.name,
        privacyEmail: row.privacyEmail,
        street: row.street,
        houseNumber: row.houseNumber,
        postcode: row.postcode,
        city: row.city,
      },
      retention: { ...defaultRetention, backupDays: this.backupDays },
      processors: await tx
        .select({ name: processor.name, purpose: processor.purpose })
        .from(processor)
        .where(isNull(processor.removedAt))
        .orderBy(asc(processor.name)),
      features: await clinicFeatures(tx),
    };
  }
}
