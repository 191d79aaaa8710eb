import { and, asc, eq, inArray } from 'drizzle-orm';
import { Invalid, NotFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { type BlobStore, isMissingBlob } from '../../platform/storage';
import { type Actor, job } from '../access/actor';
import type { ClientKeys } from '../access/client-keys';
import type { AccessGate, Scope } from '../access/gate';
import { reseal } from '../access/reseal';
import type { MergeStep } from '../clients/client-merge.service';
import { treatment } from '../dossier/tables';
import { processPhoto } from './image';
import { photo, photoSet } from './tables';

export type Upload = { field: string; moment: 'before' | 'after'; bytes: Buffer };
export type PhotoSize = 'display' | 'thumb';

export type PhotoSetView = {
  id: string;
  treatmentId: string | null;
  bodyArea: string;
  createdAt: Date;
  photos: { id: string; moment: 'before' | 'after'; width: number; height: number; takenAt: Date }[];
};

/** How old a stored file without a row must be before the sweep removes it (an upload in flight is younger). */
const ORPHAN_AGE_MS = 60 * 60 * 1000;
const MISSING_FILE =
  "this photo's file is missing from the photo store (restored without its photos, or deleted by hand); the owner can run `vellum doctor`";

/**
 * Before/after photos. Bytes are checked, re-encoded without metadata, sealed with the client's key
 * and only then stored; they leave only through the gate, as medical data, never by a public URL.
 */
export class PhotoAlbum {
  constructor(
    private readonly gate: AccessGate,
    private readonly keys: ClientKeys,
    private readonly store: BlobStore,
  ) {}

  async createSet(
    actor: Actor,
    clientId: string,
    input: { bodyArea: string; treatmentId?: string },
    origin: string,
  ): Promise<{ id: string }> {
    return this.gate.act(actor, origin, async (scope) => {
      const id = newId();
      await scope.requireClient('create', 'medical', clientId, { type: 'photo_set', id });
      if (actor.kind !== 'staff') throw new NotFound();
      if (input.treatmentId) {
        const [found] = await scope.tx
          .select({ id: treatment.id })
          .from(treatment)
          .where(and(eq(treatment.id, input.treatmentId), eq(treatment.clientId, clientId)));
        if (!found)
          throw new Invalid('treatmentId is not a treatment of this client', [
            { field: 'treatmentId', message: 'is not a treatment of this client' },
          ]);
      }
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      await scope.tx.insert(photoSet).values({
        id,
        clientId,
        treatmentId: input.treatmentId ?? null,
        bodyArea: cipher.seal(`photo_set:${id}:body_area`, input.bodyArea),
        createdBy: actor.id,
        createdAt: scope.now,
      });
      return { id };
    });
  }

  /** The gate's answer before an upload is read: refused callers never get to send megabytes. */
  async requireUpload(actor: Actor, clientId: string, setId: string, origin: string): Promise<void> {
    await this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('create', 'medical', clientId, { type: 'photo_set', id: setId });
      await this.setOf(scope, clientId, setId);
    });
  }

  /**
   * Adds photos to a set. All files are checked and converted first; then each photo's objects are
   * written before its row is inserted, all in one transaction that commits only after every object
   * is stored. If a write or the commit fails the objects are removed again (a store that does not
   * answer: 503, no row); a crash in between leaves at most objects without rows, which
   * `sweepOrphans` removes.
   */
  async addPhotos(
    actor: Actor,
    clientId: string,
    setId: string,
    uploads: Upload[],
    origin: string,
  ): Promise<{ ids: string[] }> {
    if (uploads.length === 0)
      throw new Invalid('send at least one photo', [{ field: 'before', message: 'no photo sent' }]);
    const processed: { upload: Upload; image: Awaited<ReturnType<typeof processPhoto>> }[] = [];
    for (const upload of uploads)
      processed.push({ upload, image: await processPhoto(upload.bytes, upload.field) });
    const written: string[] = [];
    try {
      return await this.gate.act(actor, origin, async (scope) => {
        await scope.requireClient('create', 'medical', clientId, { type: 'photo_set', id: setId });
        if (actor.kind !== 'staff') throw new NotFound();
        await this.setOf(scope, clientId, setId);
        const cipher = await this.keys.cipherFor(scope.tx, clientId);
        const ids: string[] = [];
        for (const { upload, image } of processed) {
          const id = newId();
          for (const size of ['display', 'thumb'] as const) {
            const key = `${id}.${size}`;
            await this.store.put(key, cipher.sealBytes(`photo:${id}:${size}`, image[size]));
            written.push(key);
          }
          await scope.tx.insert(photo).values({
            id,
            setId,
            clientId,
            moment: upload.moment,
            width: image.width,
            height: image.height,
            bytes: image.display.length,
            takenAt: scope.now,
            uploadedBy: actor.id,
            createdAt: scope.now,
          });
          scope.record({ action: 'create', objectType: 'photo', objectId: id, clientId, basis: null });
          ids.push(id);
        }
        return { ids };
      });
    } catch (error) {
      // No object without its row: what cannot be removed now (the store is down) the sweep removes.
      await Promise.allSettled(written.map((key) => this.store.delete(key)));
      throw error;
    }
  }

  async listSets(actor: Actor, clientId: string, origin: string): Promise<PhotoSetView[]> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'medical', clientId, { type: 'photo_set', id: null });
      const sets = await scope.tx
        .select()
        .from(photoSet)
        .where(eq(photoSet.clientId, clientId))
        .orderBy(asc(photoSet.createdAt));
      if (sets.length === 0) return [];
      const photos = await scope.tx
        .select()
        .from(photo)
        .where(
          inArray(
            photo.setId,
            sets.map((s) => s.id),
          ),
        )
        .orderBy(asc(photo.createdAt));
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      return sets.map((set) => ({
        id: set.id,
        treatmentId: set.treatmentId,
        bodyArea: cipher.open<string>(`photo_set:${set.id}:body_area`, set.bodyArea),
        createdAt: set.createdAt,
        photos: photos
          .filter((p) => p.setId === set.id)
          .map((p) => ({ id: p.id, moment: p.moment, width: p.width, height: p.height, takenAt: p.takenAt })),
      }));
    });
  }

  /** One photo's JPEG bytes, opened; every view is logged. */
  async image(
    actor: Actor,
    clientId: string,
    photoId: string,
    size: PhotoSize,
    origin: string,
  ): Promise<Buffer> {
    return this.gate.act(actor, origin, async (scope) => {
      await scope.requireClient('read', 'medical', clientId, { type: 'photo', id: photoId });
      const [row] = await scope.tx
        .select({ id: photo.id })
        .from(photo)
        .where(and(eq(photo.id, photoId), eq(photo.clientId, clientId)));
      if (!row) throw new NotFound();
      const cipher = await this.keys.cipherFor(scope.tx, clientId);
      const sealed = await this.store.get(`${photoId}.${size}`).catch((error: unknown) => {
        // A database restored without its photos, or a file deleted by hand: say so, never a 500.
        // A store that does not answer rejects with Unavailable (503), never half an image.
        if (isMissingBlob(error)) throw new NotFound(MISSING_FILE);
        throw error;
      });
      return cipher.openBytes(`photo:${photoId}:${size}`, sealed);
    });
  }

  /**
   * Moves a merged duplicate's photo sets and photos to the survivor. Each photo is re-sealed with
   * the survivor's key under a new id (new files beside the old): if the merge fails the new files
   * are removed, once it commits the old ones are; a crash in between leaves only files without
   * rows, which `sweepOrphans` removes.
   */
  readonly mergeStep: MergeStep = async (scope, merge) => {
    const sets = await scope.tx.select().from(photoSet).where(eq(photoSet.clientId, merge.fromId));
    for (const set of sets) {
      await scope.tx
        .update(photoSet)
        .set({
          clientId: merge.intoId,
          bodyArea: reseal(merge, `photo_set:${set.id}:body_area`, set.bodyArea),
        })
        .where(eq(photoSet.id, set.id));
    }
    const photos = await scope.tx.select().from(photo).where(eq(photo.clientId, merge.fromId));
    for (const old of photos) {
      const id = newId();
      for (const size of ['display', 'thumb'] as const) {
        const bytes = merge.from.openBytes(
          `photo:${old.id}:${size}`,
          await this.store.get(`${old.id}.${size}`),
        );
        const key = `${id}.${size}`;
        merge.onFailure(() => this.store.delete(key));
        await this.store.put(key, merge.into.sealBytes(`photo:${id}:${size}`, bytes));
        merge.afterCommit(() => this.store.delete(`${old.id}.${size}`));
      }
      await scope.tx.insert(photo).values({ ...old, id, clientId: merge.intoId });
      await scope.tx.delete(photo).where(eq(photo.id, old.id));
    }
    return { photoSets: sets.length, photos: photos.length };
  };

  /** Lists photo rows without files and files without rows, for `vellum doctor`. */
  async checkStore(): Promise<{ rowsWithoutFiles: string[]; filesWithoutRows: string[] }> {
    const files = new Set((await this.store.list()).map((e) => e.key));
    const rows = await this.gate.act({ kind: 'system', name: 'doctor' }, 'cli:doctor', async (scope) =>
      scope.tx.select({ id: photo.id }).from(photo),
    );
    const expected = new Set(rows.flatMap((r) => [`${r.id}.display`, `${r.id}.thumb`]));
    return {
      rowsWithoutFiles: [...expected].filter((key) => !files.has(key)).sort(),
      filesWithoutRows: [...files].filter((key) => !expected.has(key)).sort(),
    };
  }

  /** Removes stored files that no photo row points at (left by a crash mid-upload). */
  async sweepOrphans(now: Date): Promise<number> {
    const entries = (await this.store.list()).filter(
      (e) => now.getTime() - e.modifiedAt.getTime() > ORPHAN_AGE_MS,
    );
    if (entries.length === 0) return 0;
    const ids = [...new Set(entries.map((e) => e.key.split('.')[0] ?? ''))].filter((id) =>
      /^[0-9a-f-]{36}$/.test(id),
    );
    const known = await this.gate.act(job('photo-sweep'), 'job:photo-sweep', async (scope) =>
      ids.length
        ? (await scope.tx.select({ id: photo.id }).from(photo).where(inArray(photo.id, ids))).map((r) => r.id)
        : [],
    );
    const orphans = entries.filter((e) => !known.includes(e.key.split('.')[0] ?? ''));
    await Promise.all(orphans.map((e) => this.store.delete(e.key)));
    return orphans.length;
  }

  private async setOf(scope: Scope, clientId: string, setId: string): Promise<void> {
    const [set] = await scope.tx
      .select({ id: photoSet.id })
      .from(photoSet)
      .where(and(eq(photoSet.id, setId), eq(photoSet.clientId, clientId)));
    if (!set) throw new NotFound();
  }
}
