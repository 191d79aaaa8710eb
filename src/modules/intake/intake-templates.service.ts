import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate, Tx } from '../access/gate';
import { treatmentType } from '../catalogue/tables';
import { defaultTemplates } from './default-templates';
import { intakeTemplate, intakeTemplateVersion } from './tables';
import { type IntakeQuestion, type Translated, templateProblems } from './template';

export type TemplateVersion = typeof intakeTemplateVersion.$inferSelect & { key: string };

export type TemplateSummary = {
  key: string;
  name: Translated;
  latestVersion: number;
  publishedAt: Date;
  linkedTreatmentTypeIds: string[];
};

export type TemplateDraft = { name: Translated; questions: IntakeQuestion[] };

/**
 * Intake templates, versioned (P3.1): the owner creates a template and publishes new versions; a
 * published version never changes. Templates hold no client data.
 */
export class IntakeTemplates {
  constructor(private readonly gate: AccessGate) {}

  /** Every template with its latest version; installs the shipped defaults the first time. */
  async list(actor: Actor, origin: string): Promise<TemplateSummary[]> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'intake_template' });
      await installDefaultTemplates(scope.tx, scope.now);
      const latest = await scope.tx
        .selectDistinctOn([intakeTemplate.key], {
          key: intakeTemplate.key,
          name: intakeTemplateVersion.name,
          version: intakeTemplateVersion.version,
          publishedAt: intakeTemplateVersion.publishedAt,
        })
        .from(intakeTemplate)
        .innerJoin(intakeTemplateVersion, eq(intakeTemplateVersion.templateId, intakeTemplate.id))
        .orderBy(intakeTemplate.key, desc(intakeTemplateVersion.version));
      const links = await scope.tx
        .select({ id: treatmentType.id, key: treatmentType.intakeTemplateKey })
        .from(treatmentType)
        .where(
          inArray(
            treatmentType.intakeTemplateKey,
            latest.map((row) => row.key),
          ),
        );
      return latest.map((row) => ({
        key: row.key,
        name: row.name,
        latestVersion: row.version,
        publishedAt: row.publishedAt,
        linkedTreatmentTypeIds: links.filter((l) => l.key === row.key).map((l) => l.id),
      }));
    });
  }

  /** One version of a template (`latest` when no number is given). */
  async getVersion(
    actor: Actor,
    key: string,
    version: number | 'latest',
    origin: string,
  ): Promise<TemplateVersion> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'intake_template', objectId: key });
      await installDefaultTemplates(scope.tx, scope.now);
      const found = await findVersion(scope.tx, key, version);
      if (!found) throw new NotFound('no such intake template version');
      return found;
    });
  }

  async create(
    actor: Actor,
    input: TemplateDraft & { key: string },
    origin: string,
  ): Promise<TemplateVersion> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'create', objectType: 'intake_template' });
      if (!/^[a-z][a-z0-9_]{1,63}$/.test(input.key)) {
        throw new Invalid('key must be lower-case letters, digits and _', [
          { field: 'key', message: 'must be lower-case letters, digits and _ (2 to 64)' },
        ]);
      }
      await installDefaultTemplates(scope.tx, scope.now);
      await assertPublishable(scope.tx, input);
      const [created] = await scope.tx
        .insert(intakeTemplate)
        .values({ id: newId(), key: input.key, createdAt: scope.now })
        .onConflictDoNothing()
        .returning({ id: intakeTemplate.id });
      if (!created) throw new Conflict(`an intake template with key "${input.key}" already exists`);
      const version = await insertVersion(scope.tx, created.id, 1, input, scope.now, staffId(actor));
      scope.record({ action: 'create', objectType: 'intake_template_version', objectId: version.id });
      return { ...version, key: input.key };
    });
  }

  /** Publishes the next version; the previous ones stay as they were. */
  async publish(actor: Actor, key: string, input: TemplateDraft, origin: string): Promise<TemplateVersion> {
    return this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], {
        action: 'create',
        objectType: 'intake_template_version',
        objectId: key,
      });
      await installDefaultTemplates(scope.tx, scope.now);
      const [template] = await scope.tx
        .select()
        .from(intakeTemplate)
        .where(eq(intakeTemplate.key, key))
        .for('update');
      if (!template) throw new NotFound('no such intake template');
      await assertPublishable(scope.tx, input);
      const [last] = await scope.tx
        .select({ version: sql<number>`max(${intakeTemplateVersion.version})` })
        .from(intakeTemplateVersion)
        .where(eq(intakeTemplateVersion.templateId, template.id));
      const version = await insertVersion(
        scope.tx,
        template.id,
        (last?.version ?? 0) + 1,
        input,
        scope.now,
        staffId(actor),
      );
      scope.record({ action: 'create', objectType: 'intake_template_version', objectId: version.id });
      return { ...version, key };
    });
  }
}

function staffId(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null;
}

async function assertPublishable(tx: Tx, input: TemplateDraft): Promise<void> {
  const problems = templateProblems(input.questions);
  if (!input.name.nl.trim()) problems.push({ field: 'name.nl', message: 'is empty' });
  if (!input.name.en.trim()) problems.push({ field: 'name.en', message: 'is empty' });
  const named = new Set(
    input.questions.flatMap((q) =>
      (q.rules ?? []).flatMap((r) => (Array.isArray(r.treatmentTypes) ? r.treatmentTypes : [])),
    ),
  );
  const ids = [...named].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length > 0) {
    const existing = await tx
      .select({ id: treatmentType.id })
      .from(treatmentType)
      .where(inArray(treatmentType.id, ids));
    const known = new Set(existing.map((row) => row.id));
    input.questions.forEach((question, i) => {
      (question.rules ?? []).forEach((rule, j) => {
        if (!Array.isArray(rule.treatmentTypes)) return;
        for (const id of rule.treatmentTypes) {
          if (ids.includes(id) && !known.has(id))
            problems.push({
              field: `questions.${i}.rules.${j}.treatmentTypes`,
              message: `"${id}" is not a treatment type`,
            });
        }
      });
    });
  }
  if (problems.length > 0) {
    throw new Invalid(`invalid ${problems.map((p) => p.field).join(', ')}`, problems);
  }
}

async function insertVersion(
  tx: Tx,
  templateId: string,
  version: number,
  input: TemplateDraft,
  now: Date,
  publishedBy: string | null,
) {
  const [row] = await tx
    .insert(intakeTemplateVersion)
    .values({
      id: newId(),
      templateId,
      version,
      name: { nl: input.name.nl.trim(), en: input.name.en.trim() },
      questions: input.questions,
      publishedAt: now,
      publishedBy,
    })
    .returning();
  if (!row) throw new Error('the template version was not written');
  return row;
}

/** A template's version by number, or its latest. */
export async function findVersion(
  tx: Tx,
  key: string,
  version: number | 'latest',
): Promise<TemplateVersion | undefined> {
  const [row] = await tx
    .select({ version: intakeTemplateVersion })
    .from(intakeTemplateVersion)
    .innerJoin(intakeTemplate, eq(intakeTemplate.id, intakeTemplateVersion.templateId))
    .where(
      version === 'latest'
        ? eq(intakeTemplate.key, key)
        : and(eq(intakeTemplate.key, key), eq(intakeTemplateVersion.version, version)),
    )
    .orderBy(desc(intakeTemplateVersion.version))
    .limit(1);
  return row ? { ...row.version, key } : undefined;
}

/**
 * Installs the shipped templates (default-templates.ts) that the clinic does not have yet, as
 * version 1. Idempotent and safe when two requests race. Called lazily wherever templates are read.
 */
export async function installDefaultTemplates(tx: Tx, now: Date): Promise<void> {
  const present = await tx.select({ key: intakeTemplate.key }).from(intakeTemplate);
  if (present.length > 0) return;
  for (const template of defaultTemplates) {
    const [created] = await tx
      .insert(intakeTemplate)
      .values({ id: newId(now.getTime()), key: template.key, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: intakeTemplate.id });
    if (created) await insertVersion(tx, created.id, 1, template, now, null);
  }
}
