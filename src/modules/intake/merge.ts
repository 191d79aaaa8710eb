import { asc, eq } from 'drizzle-orm';
import { reseal } from '../access/reseal';
import type { MergeStep } from '../clients/client-merge.service';
import { answersField, signatureField } from './intake-form';
import { intake, intakeLink } from './tables';

/**
 * Moves a merged duplicate's intakes to the survivor. A signed intake keeps the id the client
 * signed as (`signed_client_id`), which its content hash covers; the trigger allows exactly this
 * change and no other (migration 0012).
 */
export const mergeIntakes: MergeStep = async (scope, merge) => {
  const rows = await scope.tx
    .select()
    .from(intake)
    .where(eq(intake.clientId, merge.fromId))
    .orderBy(asc(intake.createdAt));
  for (const row of rows) {
    const signed = row.status === 'signed' || row.signedAt !== null;
    await scope.tx
      .update(intake)
      .set({
        clientId: merge.intoId,
        signedClientId: signed ? (row.signedClientId ?? row.clientId) : row.signedClientId,
        answers: row.answers ? reseal(merge, answersField(row.id), row.answers) : null,
        signature: row.signature ? reseal(merge, signatureField(row.id), row.signature) : null,
      })
      .where(eq(intake.id, row.id));
  }
  await scope.tx
    .update(intakeLink)
    .set({ clientId: merge.intoId })
    .where(eq(intakeLink.clientId, merge.fromId));
  return { intakes: rows.length };
};
