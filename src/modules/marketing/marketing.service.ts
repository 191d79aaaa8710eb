import { and, eq, isNull, or, sql } from 'drizzle-orm';
import { Conflict, Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor } from '../access/actor';
import type { AccessGate } from '../access/gate';
import type { ContactMergeStep } from '../clients/client-merge.service';
import type { PhotoAlbum } from '../photos/photo-album.service';
import { photoSet } from '../photos/tables';
import type { ConsentLedger } from '../privacy/consent.service';
import type { Language } from '../privacy/statement';
import { type MarketingChannel, type MarketingReason, marketingPublication, marketingTerms } from './tables';

const EXPORT_ACTOR: Actor = { kind: 'system', name: 'marketing-export' };

export type MarketingConsentInput = {
  decision: 'granted' | 'withdrawn';
  reason?: MarketingReason;
  reasonNote?: string;
  channels?: MarketingChannel[];
  language: Language;
  channel: 'desk' | 'email';
  reference?: string;
};

export type MarketingSet = {
  photoSetId: string;
  clientId: string;
  reason: MarketingReason;
  reasonNote: string | null;
  channels: MarketingChannel[];
  photoIds: string[];
};

/**
 * Before/after photos used for marketing (P8.3): only with a consent for that photo set, its reason
 * and channels. The owner's export holds only sets whose consent holds at the moment of export;
 * after a withdrawal the places where the set was published are listed to be taken down.
 */
export class Marketing {
  constructor(
    private readonly gate: AccessGate,
    private readonly consents: ConsentLedger,
    private readonly photos: PhotoAlbum,
  ) {}

  /** Records the client's marketing consent for a photo set, or its withdrawal (staff who treat the client). */
  async recordConsent(
    actor: Actor,
    clientId: string,
    photoSetId: string,
    input: MarketingConsentInput,
    origin: string,
  ): Promise<{ id: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('update', 'medical', clientId, { type: 'photo_set', id: photoSetId });
      // The gate answers first: someone without access learns nothing from a validation message.
      if (input.decision === 'granted' && (!input.reason || !input.channels?.length)) {
        throw new Invalid('a marketing consent needs its reason and at least one channel', [
          ...(input.reason ? [] : [{ field: 'reason', message: 'is required' }]),
          ...(input.channels?.length ? [] : [{ field: 'channels', message: 'needs at least one channel' }]),
        ]);
      }
      if (input.channel === 'email' && !input.reference) {
        throw new Invalid('a consent by e-mail needs a reference to the e-mail', [
          { field: 'reference', message: 'is required for a consent by e-mail' },
        ]);
      }
      const [set] = await scope.tx
        .select({ id: photoSet.id })
        .from(photoSet)
        .where(and(eq(photoSet.id, photoSetId), eq(photoSet.clientId, clientId)));
      if (!set) throw new NotFound();
      const recorded = await this.consents.append(scope, {
        clientId,
        scope: 'marketing_photos',
        subject: photoSetId,
        decision: input.decision,
        channel: input.channel,
        language: input.language,
        evidence:
          input.channel === 'email'
            ? { kind: 'email', dossierEmailId: null, reference: input.reference ?? null }
            : {
                kind: 'staff',
                staffId: actor.kind === 'staff' ? actor.id : '',
                note: input.reasonNote ?? null,
              },
      });
      if (input.decision === 'granted' && input.reason && input.channels) {
        const terms = {
          clientId,
          reason: input.reason,
          reasonNote: input.reasonNote ?? null,
          channels: input.channels,
          consentRecordId: recorded.id,
        };
        await scope.tx
          .insert(marketingTerms)
          .values({ photoSetId, ...terms })
          .onConflictDoUpdate({ target: marketingTerms.photoSetId, set: terms });
      }
      return recorded;
    });
  }

  /** The photo sets the owner may use now: consent holds at this moment. */
  async usable(actor: Actor, origin: string): Promise<MarketingSet[]> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'export', objectType: 'marketing' });
    });
    return this.gate.act(EXPORT_ACTOR, origin, async (scope) => {
      const result = await scope.tx.execute(sql`
        select t.photo_set_id, t.client_id, t.reason, t.reason_note, t.channels,
          coalesce(array_agg(p.id::text order by p.created_at) filter (where p.id is not null), '{}') as photo_ids
        from marketing_terms t
        left join photo p on p.set_id = t.photo_set_id
        where (select c.decision from consent_record c
               where c.client_id = t.client_id and c.scope = 'marketing_photos' and c.subject = t.photo_set_id::text
               order by c.recorded_at desc, c.id desc limit 1) = 'granted'
        group by t.photo_set_id, t.client_id, t.reason, t.reason_note, t.channels`);
      const rows = (
        result as unknown as {
          rows: {
            photo_set_id: string;
            client_id: string;
            reason: MarketingReason;
            reason_note: string | null;
            channels: MarketingChannel[] | string;
            photo_ids: string[] | string;
          }[];
        }
      ).rows;
      const sets = rows.map((r) => ({
        photoSetId: r.photo_set_id,
        clientId: r.client_id,
        reason: r.reason,
        reasonNote: r.reason_note,
        channels: pgArray(r.channels) as MarketingChannel[],
        photoIds: pgArray(r.photo_ids),
      }));
      for (const set of sets) {
        scope.record({
          action: 'export',
          objectType: 'photo_set',
          objectId: set.photoSetId,
          clientId: set.clientId,
          basis: 'consent',
        });
      }
      return sets;
    });
  }

  /** The display-size JPEGs of the usable sets, checked against the consent as they are read. */
  async exportPhotos(actor: Actor, origin: string): Promise<{ path: string; bytes: Buffer }[]> {
    const sets = await this.usable(actor, origin);
    const files: { path: string; bytes: Buffer }[] = [];
    for (const set of sets) {
      for (const photoId of set.photoIds) {
        files.push({
          path: `${set.photoSetId}/${photoId}.jpg`,
          bytes: await this.photos.image(EXPORT_ACTOR, set.clientId, photoId, 'display', origin),
        });
      }
    }
    return files;
  }

  /** Records where a set was published (owner); only on a channel its consent names, while it holds. */
  async publish(
    actor: Actor,
    input: { photoSetId: string; channel: MarketingChannel; location: string },
    origin: string,
  ): Promise<{ id: string }> {
    const usable = await this.usable(actor, origin);
    const set = usable.find((s) => s.photoSetId === input.photoSetId);
    if (!set) throw new Conflict('this photo set has no marketing consent that holds now');
    if (!set.channels.includes(input.channel)) {
      throw new Invalid(`the consent does not cover ${input.channel}`, [
        { field: 'channel', message: 'is not a channel the client agreed to' },
      ]);
    }
    return this.gate.act(actor, origin, async (scope) => {
      const id = newId();
      await scope.tx.insert(marketingPublication).values({
        id,
        photoSetId: set.photoSetId,
        clientId: set.clientId,
        channel: input.channel,
        location: input.location,
        publishedAt: scope.now,
        recordedBy: actor.kind === 'staff' ? actor.id : null,
      });
      scope.record({
        action: 'disclose',
        objectType: 'photo_set',
        objectId: set.photoSetId,
        clientId: set.clientId,
        basis: 'consent',
      });
      return { id };
    });
  }

  /**
   * Publications to take down (owner): of sets whose marketing consent no longer holds, or whose
   * dossier was erased, not yet marked as taken down.
   */
  async takedowns(actor: Actor, origin: string) {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], { action: 'read', objectType: 'marketing' });
    });
    return this.gate.act(EXPORT_ACTOR, origin, async (scope) =>
      scope.tx
        .select({
          id: marketingPublication.id,
          photoSetId: marketingPublication.photoSetId,
          channel: marketingPublication.channel,
          location: marketingPublication.location,
          publishedAt: marketingPublication.publishedAt,
        })
        .from(marketingPublication)
        .where(
          and(
            isNull(marketingPublication.takenDownAt),
            or(
              isNull(marketingPublication.photoSetId),
              sql`coalesce((select c.decision from consent_record c
                 where c.client_id = ${marketingPublication.clientId} and c.scope = 'marketing_photos'
                   and c.subject = ${marketingPublication.photoSetId}::text
                 order by c.recorded_at desc, c.id desc limit 1), 'withdrawn') <> 'granted'`,
            ),
          ),
        ),
    );
  }

  async markTakenDown(actor: Actor, publicationId: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      scope.requireRole(['owner'], {
        action: 'update',
        objectType: 'marketing_publication',
        objectId: publicationId,
      });
      const done = await scope.tx
        .update(marketingPublication)
        .set({ takenDownAt: scope.now })
        .where(and(eq(marketingPublication.id, publicationId), isNull(marketingPublication.takenDownAt)))
        .returning({ id: marketingPublication.id });
      if (done.length === 0) throw new NotFound();
    });
  }

  /** Merge of duplicates: terms and publications follow their photo set to the survivor. */
  readonly mergeStep: ContactMergeStep = async (scope, merge) => {
    await scope.tx
      .update(marketingTerms)
      .set({ clientId: merge.intoId })
      .where(eq(marketingTerms.clientId, merge.fromId));
    await scope.tx
      .update(marketingPublication)
      .set({ clientId: merge.intoId })
      .where(eq(marketingPublication.clientId, merge.fromId));
    return {};
  };
}

/** node-postgres parses text[] into arrays; PGlite may hand back the literal. */
function pgArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map((v) => v.replace(/^"|"$/g, ''));
}
