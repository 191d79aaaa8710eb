import { z } from 'zod';
import { questionKinds, questionTopics, ruleEffects } from './template';

// Limits here are generous on purpose: the rules that name a field (unknown question, missing answer,
// not a PNG) run in the service after the access gate, so a refusal never hides behind a 400.

const translated = (max: number) => z.object({ nl: z.string().max(max), en: z.string().max(max) });

export const languageSchema = z.enum(['nl', 'en']);

export const ruleSchema = z.object({
  when: z.array(z.string().max(64)).max(50),
  effect: z.enum(ruleEffects),
  treatmentTypes: z.union([z.literal('all_linked'), z.array(z.string().max(64)).max(100)]),
  warning: translated(1000),
});

export const questionSchema = z
  .object({
    key: z.string().max(64),
    kind: z.enum(questionKinds),
    topic: z.enum(questionTopics),
    label: translated(1000),
    required: z.boolean(),
    options: z
      .array(z.object({ key: z.string().max(64), label: translated(500) }))
      .max(50)
      .optional(),
    multiple: z.boolean().optional(),
    rules: z.array(ruleSchema).max(20).optional(),
  })
  .meta({ id: 'IntakeQuestion' });

export const templateDraftSchema = z.object({
  name: translated(200),
  questions: z.array(questionSchema).max(200),
});

export const templateVersionSchema = z
  .object({
    key: z.string(),
    version: z.number().int(),
    name: translated(200),
    questions: z.array(questionSchema),
    publishedAt: z.iso.datetime(),
  })
  .meta({ id: 'IntakeTemplateVersion' });

export const answerValueSchema = z.union([z.boolean(), z.string(), z.array(z.string())]);

/** Answers as sent: any values; the service checks them against the form and names each problem. */
export const answersInput = z.record(z.string().max(64), z.unknown());

/** The consent sentence the form shows above the signature, with its privacy statement version. */
export const intakeConsentSchema = z
  .object({ statementVersion: z.number().int(), text: z.object({ nl: z.string(), en: z.string() }) })
  .nullable();

export const signInput = z.object({
  treatmentTypeId: z.uuid().optional(),
  supersedesId: z.uuid().optional(),
  language: languageSchema.optional(),
  statementVersion: z.number().int().min(1).optional(),
  answers: answersInput,
  signature: z.string().max(1_000_000).optional(),
});

export const contraIndicationSchema = z.object({
  questionKey: z.string(),
  effect: z.enum(ruleEffects),
  warning: translated(1000),
});

export const intakeSummarySchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['draft', 'signed']),
    channel: z.enum(['clinic', 'link']),
    version: z.number().int(),
    supersedesId: z.uuid().nullable(),
    supersededById: z.uuid().nullable(),
    treatmentTypeId: z.uuid(),
    treatmentName: z.string(),
    priceCents: z.number().int(),
    template: z.object({ key: z.string(), version: z.number().int(), name: translated(200) }),
    signedAt: z.iso.datetime().nullable(),
    contentHash: z.string().nullable(),
    linkExpiresAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'IntakeSummary' });

export const intakeDetailSchema = intakeSummarySchema
  .extend({
    language: languageSchema,
    questions: z.array(questionSchema),
    answers: z.record(z.string(), answerValueSchema).nullable(),
    signature: z.string().nullable(),
    contraIndications: z.array(contraIndicationSchema),
    hashVerified: z.boolean().nullable(),
  })
  .meta({ id: 'Intake' });

/** What a one-time link shows: the form, the treatment and its price — nothing about the client. */
export const linkedFormSchema = z
  .object({
    treatmentName: z.string(),
    priceCents: z.number().int(),
    template: z.object({
      name: translated(200),
      version: z.number().int(),
      questions: z.array(questionSchema),
    }),
    consent: intakeConsentSchema,
  })
  .meta({ id: 'IntakeLinkForm' });
