import { eq, inArray, sql } from 'drizzle-orm';
import { breakGlass, client, clientMerge } from '../../db/schema';
import { Forbidden, Invalid, NotFound } from '../../platform/errors';
import type { Actor } from '../access/actor';
import type { ClientCipher, ClientKeys } from '../access/client-keys';
import type { AccessGate, Scope } from '../access/gate';

/** What one module moves of a duplicate's medical records, inside the merge's transaction. */
export type MergeStep = (scope: Scope, merge: MergeContext) => Promise<Partial<MergeCounts>>;

/** What one module moves of a duplicate's contact-level records (consents), always run. */
export type ContactMergeStep = (
  scope: Scope,
  merge: Pick<MergeContext, 'fromId' | 'intoId'>,
) => Promise<Partial<MergeCounts>>;

export type MergeSteps = { contact: ContactMergeStep[]; medical: MergeStep[] };

export type MergeContext = {
  fromId: string;
  intoId: string;
  /** The duplicate's cipher (opens its sealed values) and the survivor's (seals them again). */
  from: ClientCipher;
  into: ClientCipher;
  /** Runs once the transaction committed (removing files the moved rows no longer point at). */
  afterCommit(task: () => Promise<void>): void;
  /** Runs if the transaction failed (removing files written for it). */
  onFailure(task: () => Promise<void>): void;
};

export type MergeCounts = {
  treatments: number;
  analyses: number;
  homeProducts: number;
  emails: number;
  intakes: number;
  photoSets: number;
  photos: number;
  consents: number;
};

const CONTACT_FIELDS = [
  'birthDate',
  'email',
  'phone',
  'street',
  'houseNumber',
  'postcode',
  'city',
] as const satisfies (keyof typeof client.$inferSelect)[];

/**
 * Merges two records of the same person (decision 0007): everything of the duplicate moves to the
 * survivor, re-sealed with the survivor's key; the duplicate's record and key are then deleted.
 *
 * Who may: anyone who sees both records' contact details (reception too) when the duplicate has no
 * medical records; otherwise only someone who may read both dossiers, because moving them means
 * opening them. Audited on both clients; `client_merge` keeps the duplicate's old id.
 */
export class ClientMerger {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: ClientKeys,
    private readonly steps: () => MergeSteps,
  ) {}

  async merge(
    actor: Actor,
    intoId: string,
    fromId: string,
    origin: string,
  ): Promise<{ id: string; moved: MergeCounts }> {
    if (intoId === fromId) {
      throw new Invalid('duplicateId is the client itself', [
        { field: 'duplicateId', message: 'is the client itself' },
      ]);
    }
    const afterCommit: (() => Promise<void>)[] = [];
    const onFailure: (() => Promise<void>)[] = [];
    try {
      const result = await this.gate.act(actor, origin, async (scope) => {
        await scope.requireClient('update', 'contact', intoId);
        await scope.requireClient('delete', 'contact', fromId).catch((error: unknown) => {
          // Like any other reference in a request body: a missing and a hidden client answer alike.
          if (!(error instanceof NotFound)) throw error;
          throw new Invalid('duplicateId is not a client you can see', [
            { field: 'duplicateId', message: 'is not a client you can see' },
          ]);
        });
        // Two people merging the same pair at once: the second waits here, then finds no duplicate.
        const rows = await scope.tx
          .select()
          .from(client)
          .where(inArray(client.id, [intoId, fromId]))
          .orderBy(client.id)
          .for('update');
        const into = rows.find((r) => r.id === intoId);
        const from = rows.find((r) => r.id === fromId);
        if (!into || !from) throw new NotFound();

        // First: moving append-only records (consents) is allowed only along a recorded merge.
        await scope.tx.insert(clientMerge).values({
          fromClientId: fromId,
          intoClientId: intoId,
          mergedAt: scope.now,
          mergedBy: actor.kind === 'staff' ? actor.id : null,
        });
        const moved = emptyCounts();
        const add = (counts: Partial<MergeCounts>) => {
          for (const [name, count] of Object.entries(counts)) moved[name as keyof MergeCounts] += count ?? 0;
        };
        for (const step of this.steps().contact) add(await step(scope, { fromId, intoId }));
        if (await hasMedicalData(scope, fromId)) {
          await this.requireBothDossiers(scope, intoId, fromId);
          const merge: MergeContext = {
            fromId,
            intoId,
            from: await this.keys.cipherFor(scope.tx, fromId),
            into: await this.keys.cipherFor(scope.tx, intoId),
            afterCommit: (task) => afterCommit.push(task),
            onFailure: (task) => onFailure.push(task),
          };
          for (const step of this.steps().medical) add(await step(scope, merge));
          if (await hasMedicalData(scope, fromId)) {
            throw new Error(`merge left medical records on ${fromId}; a module has no merge step`);
          }
        }

        // The survivor keeps its own details and takes the duplicate's where it has none.
        const missing = Object.fromEntries(
          CONTACT_FIELDS.filter((field) => into[field] == null && from[field] != null).map((field) => [
            field,
            from[field],
          ]),
        );
        if (Object.keys(missing).length > 0) {
          await scope.tx
            .update(client)
            .set({ ...missing, updatedAt: scope.now })
            .where(eq(client.id, intoId));
        }
        await this.moveRelationships(scope, fromId, intoId, async () => {
          // Cascades to the duplicate's key (its sealed data was re-sealed above) and what is left.
          const deleted = await scope.tx
            .delete(client)
            .where(eq(client.id, fromId))
            .returning({ id: client.id });
          if (deleted.length !== 1) throw new NotFound();
        });
        scope.record({ action: 'merge', objectType: 'client', objectId: fromId, clientId: intoId });
        scope.record({ action: 'merge', objectType: 'client', objectId: intoId, clientId: fromId });
        return { id: intoId, moved };
      });
      await Promise.allSettled(afterCommit.map((task) => task()));
      return result;
    } catch (error) {
      await Promise.allSettled(onFailure.map((task) => task()));
      throw error;
    }
  }

  private async requireBothDossiers(scope: Scope, intoId: string, fromId: string): Promise<void> {
    try {
      await scope.requireClient('update', 'medical', intoId);
      await scope.requireClient('delete', 'medical', fromId);
    } catch (error) {
      if (!(error instanceof NotFound || error instanceof Forbidden)) throw error;
      // Both records were visible a moment ago: saying why reveals nothing new.
      throw new Forbidden(
        'the duplicate has medical records: only someone who may read both dossiers can merge them',
      );
    }
  }

  /**
   * Care relationships carry over: whoever treated the duplicate treats the same person. A
   * break-glass on the duplicate is kept (same id, for the owner's review) but ends at the merge
   * rather than extending to the survivor's dossier. Both are taken before `deleteDuplicate`, whose
   * cascade removes the duplicate's own rows, and which must run while they still grant access.
   */
  private async moveRelationships(
    scope: Scope,
    fromId: string,
    intoId: string,
    deleteDuplicate: () => Promise<void>,
  ): Promise<void> {
    await scope.tx.execute(sql`
      insert into care_relationship (client_id, staff_id, basis, since, created_by)
      select ${intoId}, staff_id, basis, since, created_by from care_relationship where client_id = ${fromId}
      on conflict do nothing`);
    const emergencies = await scope.tx.select().from(breakGlass).where(eq(breakGlass.clientId, fromId));
    await deleteDuplicate();
    if (emergencies.length === 0) return;
    await scope.tx.insert(breakGlass).values(
      emergencies.map((row) => ({
        ...row,
        clientId: intoId,
        expiresAt: new Date(Math.min(row.expiresAt.getTime(), scope.now.getTime())),
      })),
    );
  }
}

async function hasMedicalData(scope: Scope, clientId: string): Promise<boolean> {
  const result = await scope.tx.execute(sql`select vellum_client_has_medical_data(${clientId}) as found`);
  const [row] = (result as unknown as { rows: { found: boolean }[] }).rows;
  return row?.found === true;
}

function emptyCounts(): MergeCounts {
  return {
    treatments: 0,
    analyses: 0,
    homeProducts: 0,
    emails: 0,
    intakes: 0,
    photoSets: 0,
    photos: 0,
    consents: 0,
  };
}
