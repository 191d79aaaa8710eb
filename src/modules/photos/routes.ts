import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app';
import { AppError, Invalid } from '../../platform/errors';
import type { Upload } from './photo-album.service';

const MAX_FILE_BYTES = 25 * 1024 * 1024;
const MAX_FILES = 20;
const params = z.object({ clientId: z.uuid() });

/** Photos: uploaded as multipart (field name `before` or `after`), served only through the gate. */
export function photoRoutes({ photos }: Pick<AppContext, 'photos'>): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, {
      limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 10, parts: 40 },
    });

    app.get(
      '/clients/:clientId/photo-sets',
      {
        schema: {
          tags: ['photos'],
          summary: "The client's before/after photo sets",
          params,
          response: {
            200: z.array(
              z.object({
                id: z.uuid(),
                treatmentId: z.uuid().nullable(),
                bodyArea: z.string(),
                createdAt: z.iso.datetime(),
                photos: z.array(
                  z.object({
                    id: z.uuid(),
                    moment: z.enum(['before', 'after']),
                    width: z.number().int(),
                    height: z.number().int(),
                    takenAt: z.iso.datetime(),
                  }),
                ),
              }),
            ),
          },
          'x-vellum-data': 'medical',
        },
      },
      async (request) => {
        const sets = await photos.listSets(request.actor, request.params.clientId, request.origin);
        return sets.map((set) => ({
          ...set,
          createdAt: set.createdAt.toISOString(),
          photos: set.photos.map((p) => ({ ...p, takenAt: p.takenAt.toISOString() })),
        }));
      },
    );

    app.post(
      '/clients/:clientId/photo-sets',
      {
        schema: {
          tags: ['photos'],
          summary: 'Start a photo set for one body area (optionally linked to a treatment)',
          params,
          body: z.object({ bodyArea: z.string().trim().min(1).max(100), treatmentId: z.uuid().optional() }),
          response: { 201: z.object({ id: z.uuid() }) },
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await photos.createSet(request.actor, request.params.clientId, request.body, request.origin)),
    );

    app.post(
      '/clients/:clientId/photo-sets/:photoSetId/photos',
      {
        schema: {
          tags: ['photos'],
          summary: 'Upload photos to a set: multipart/form-data, each file in a field named before or after',
          description: `JPEG or PNG, at most ${MAX_FILES} files of ${MAX_FILE_BYTES / 1024 / 1024} MB. Orientation is applied, all metadata (EXIF, GPS) removed, and the photo stored encrypted.`,
          params: params.extend({ photoSetId: z.uuid() }),
          consumes: ['multipart/form-data'],
          response: { 201: z.object({ ids: z.array(z.uuid()) }) },
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) => {
        const actor = request.actor;
        const { clientId, photoSetId } = request.params;
        await photos.requireUpload(actor, clientId, photoSetId, request.origin);
        if (!request.isMultipart()) {
          throw new Invalid('send the photos as multipart/form-data', [
            { field: 'before', message: 'no photo sent' },
          ]);
        }
        if (!/;\s*boundary=[^;\s]/i.test(request.headers['content-type'] ?? '')) {
          throw new Invalid('the multipart/form-data body names no boundary', [
            { field: 'body', message: 'multipart/form-data without a boundary' },
          ]);
        }
        const uploads: Upload[] = [];
        try {
          for await (const part of request.parts()) {
            if (part.type !== 'file') continue;
            if (part.fieldname !== 'before' && part.fieldname !== 'after') {
              throw new Invalid(`${part.fieldname} is not a photo field; use before or after`, [
                { field: part.fieldname, message: 'use before or after' },
              ]);
            }
            uploads.push({ field: part.fieldname, moment: part.fieldname, bytes: await part.toBuffer() });
          }
        } catch (error) {
          // The parser's own complaints about a malformed body carry no status: they are the caller's.
          if (error instanceof AppError || (error as { statusCode?: number }).statusCode) throw error;
          throw new Invalid('the multipart/form-data body is malformed', [
            { field: 'body', message: 'is not well-formed multipart/form-data' },
          ]);
        }
        return reply
          .code(201)
          .send(await photos.addPhotos(actor, clientId, photoSetId, uploads, request.origin));
      },
    );

    app.get(
      '/clients/:clientId/photos/:photoId/:size',
      {
        schema: {
          tags: ['photos'],
          summary: 'A photo as JPEG (display size or thumbnail); never cached',
          params: params.extend({ photoId: z.uuid(), size: z.enum(['display', 'thumb']) }),
          'x-vellum-data': 'medical',
        },
      },
      async (request, reply) => {
        const { clientId, photoId, size } = request.params;
        const bytes = await photos.image(request.actor, clientId, photoId, size, request.origin);
        return reply.type('image/jpeg').header('cache-control', 'no-store').send(bytes);
      },
    );
  };
}
