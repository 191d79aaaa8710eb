import { eq } from 'drizzle-orm';
import { reseal } from '../access/reseal';
import type { MergeStep } from '../clients/client-merge.service';
import { dossierEmail, homeProduct, skinAnalysis, treatment } from './tables';

/** Moves treatments, analyses, home products and e-mails of a merged duplicate to the survivor. */
export const mergeDossier: MergeStep = async (scope, merge) => {
  const { tx } = scope;
  const treatments = await tx.select().from(treatment).where(eq(treatment.clientId, merge.fromId));
  for (const row of treatments) {
    await tx
      .update(treatment)
      .set({
        clientId: merge.intoId,
        report: reseal(merge, `treatment:${row.id}:report`, row.report),
        warningsConfirmed: row.warningsConfirmed
          ? reseal(merge, `treatment:${row.id}:warnings`, row.warningsConfirmed)
          : null,
      })
      .where(eq(treatment.id, row.id));
  }
  const analyses = await tx.select().from(skinAnalysis).where(eq(skinAnalysis.clientId, merge.fromId));
  for (const row of analyses) {
    await tx
      .update(skinAnalysis)
      .set({
        clientId: merge.intoId,
        findings: reseal(merge, `skin_analysis:${row.id}:findings`, row.findings),
      })
      .where(eq(skinAnalysis.id, row.id));
  }
  const emails = await tx.select().from(dossierEmail).where(eq(dossierEmail.clientId, merge.fromId));
  for (const row of emails) {
    await tx
      .update(dossierEmail)
      .set({
        clientId: merge.intoId,
        content: reseal(merge, `dossier_email:${row.id}:content`, row.content),
      })
      .where(eq(dossierEmail.id, row.id));
  }
  // Nothing of a home purchase is sealed.
  const purchases = await tx
    .update(homeProduct)
    .set({ clientId: merge.intoId })
    .where(eq(homeProduct.clientId, merge.fromId))
    .returning({ id: homeProduct.id });
  return {
    treatments: treatments.length,
    analyses: analyses.length,
    emails: emails.length,
    homeProducts: purchases.length,
  };
};
