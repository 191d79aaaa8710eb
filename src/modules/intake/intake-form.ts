/**
 * The parts of filling in and signing that the clinic's tablet and the one-time link share: which
 * form a treatment type asks for, and how a signed intake is sealed and hashed (P3.3).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { sha256Hex } from '../../platform/crypto';
import { Invalid } from '../../platform/errors';
import type { ClientCipher } from '../access/client-keys';
import type { Tx } from '../access/gate';
import { treatmentType } from '../catalogue/tables';
import { contentHash, type SignedContent } from './content-hash';
import { findVersion, installDefaultTemplates, type TemplateVersion } from './intake-templates.service';
import { signaturePng } from './signature';
import type { intake } from './tables';
import { type Answers, checkAnswers } from './template';

export type TreatmentForm = {
  treatmentType: typeof treatmentType.$inferSelect;
  version: TemplateVersion;
};

/** The current form of a treatment type, or a 400 naming `treatmentTypeId`. */
export async function formForTreatment(tx: Tx, treatmentTypeId: string, now: Date): Promise<TreatmentForm> {
  const refuse = (message: string): never => {
    throw new Invalid(`treatmentTypeId ${message}`, [{ field: 'treatmentTypeId', message }]);
  };
  const [type] = await tx.select().from(treatmentType).where(eq(treatmentType.id, treatmentTypeId));
  if (!type) return refuse('is not a treatment type');
  if (!type.intakeTemplateKey) return refuse('has no intake form');
  await installDefaultTemplates(tx, now);
  const version = await findVersion(tx, type.intakeTemplateKey, 'latest');
  if (!version) return refuse(`names an intake form that does not exist (${type.intakeTemplateKey})`);
  return { treatmentType: type, version };
}

export type IntakeRow = typeof intake.$inferSelect;

/** The sealed columns of a signed intake, after checking the answers and the signature. */
export function signedColumns(
  cipher: ClientCipher,
  row: Pick<
    IntakeRow,
    'id' | 'clientId' | 'treatmentTypeId' | 'treatmentName' | 'priceCents' | 'templateVersionId'
  >,
  version: TemplateVersion,
  input: { answers: Record<string, unknown>; signature?: string | null },
  signedAt: Date,
): Pick<IntakeRow, 'answers' | 'signature' | 'signedAt' | 'contentHash' | 'status'> {
  const answers = checkAnswers(version.questions, input.answers);
  const png = signaturePng(input.signature);
  const nonce = randomBytes(16).toString('base64url');
  const hash = contentHash(signedContent(row, version, answers, signedAt, sha256Hex(png), nonce));
  return {
    status: 'signed',
    answers: cipher.seal(answersField(row.id), { answers, nonce } satisfies SealedAnswers),
    signature: cipher.seal(signatureField(row.id), png.toString('base64')),
    signedAt,
    contentHash: hash,
  };
}

export type SealedAnswers = { answers: Answers; nonce: string };

export const answersField = (intakeId: string) => `intake:${intakeId}:answers`;
export const signatureField = (intakeId: string) => `intake:${intakeId}:signature`;

export function signedContent(
  row: Pick<
    IntakeRow,
    'id' | 'clientId' | 'treatmentTypeId' | 'treatmentName' | 'priceCents' | 'templateVersionId'
  > &
    Partial<Pick<IntakeRow, 'signedClientId'>>,
  version: TemplateVersion,
  answers: Answers,
  signedAt: Date,
  signatureSha256: string,
  nonce: string,
): SignedContent {
  return {
    intakeId: row.id,
    clientId: row.signedClientId ?? row.clientId,
    templateVersionId: row.templateVersionId,
    templateKey: version.key,
    templateVersion: version.version,
    treatmentTypeId: row.treatmentTypeId,
    treatmentName: row.treatmentName,
    priceCents: row.priceCents,
    answers,
    signedAt: signedAt.toISOString(),
    signatureSha256,
    nonce,
  };
}
