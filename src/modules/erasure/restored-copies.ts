import { sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Database } from '../../db/connection';
import type { ErasedClients } from '../../platform/erased-clients';
import { installationId, keysFolderOf } from '../../platform/keys-folder';
import type { ErasureService } from './erasure.service';

/** The keys folder and the database do not belong together; starting could undo erasures. */
export class KeysFolderMismatch extends Error {}

export type ErasureSettlement = {
  /** Clients the database still held although the register lists them, erased again now. */
  reapplied: number;
  /** The database had seen fewer erasures than the register: it is an older copy (restored). */
  olderCopy: boolean;
};

/**
 * Runs before the server answers anything (and before any command reads data): compares the
 * erasures the database has seen with the register in the keys folder (decision 0017).
 * - fewer: the database is an older copy (a restored backup or data folder): every registered
 *   client it still holds is erased again, then its count is brought up to date;
 * - more: the register is the older copy (an old keys folder put back): refused, because the
 *   erasures missing from it would come back;
 * - another installation's id: refused.
 * A restored copy can only be older than the register, so it cannot pass for a newer one.
 */
export async function settleErasures(options: {
  config: Pick<Config, 'masterKeyFile'>;
  database: Database;
  erasure: ErasureService;
  erasedClients: ErasedClients;
}): Promise<ErasureSettlement> {
  const { config, database } = options;
  const id = installationId(config);
  const registered = options.erasedClients.count();
  const result = await database.db.execute(
    sql`select installation_id::text as id, erasures from vellum_installation`,
  );
  const row = (result as unknown as { rows: { id: string; erasures: number }[] }).rows[0];
  if (row && row.id !== id) {
    throw new KeysFolderMismatch(
      `the database belongs to installation ${row.id}, but the keys folder ${keysFolderOf(config)} to ${id}: point VELLUM_KEYS_DIR (or VELLUM_MASTER_KEY_FILE) at the keys folder of this database`,
    );
  }
  if (row && row.erasures > registered) {
    throw new KeysFolderMismatch(
      `the erasure register in ${keysFolderOf(config)} lists ${registered} erased clients, but this database has seen ${row.erasures} erasures: the keys folder is an older copy. Put back the newest keys folder and start again — starting now could bring erased clients back`,
    );
  }
  const reapplied = await options.erasure.reapply();
  if (!row) {
    await database.db.execute(
      sql`insert into vellum_installation (installation_id, erasures) values (${id}::uuid, ${registered})
          on conflict (singleton) do nothing`,
    );
  } else if (row.erasures < registered) {
    await database.db.execute(
      sql`update vellum_installation set erasures = greatest(erasures, ${registered})`,
    );
  }
  return { reapplied, olderCopy: row !== undefined && row.erasures < registered };
}
