import sharp from 'sharp';
import type { StaffMember, TestClinic } from './clinic';

export type UploadFile = { field: string; name: string; bytes: Buffer; type?: string };

/** A multipart/form-data body as a browser sends it for `<input type="file" multiple>`. */
export function multipart(files: UploadFile[]) {
  const boundary = '----vellum-test-boundary';
  const chunks: Buffer[] = [];
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'image/jpeg'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads photos into a client's photo set through the real route. */
export function uploadPhotos(
  clinic: TestClinic,
  member: StaffMember,
  clientId: string,
  setId: string,
  files: UploadFile[],
) {
  const body = multipart(files);
  return clinic.app.inject({
    method: 'POST',
    url: `/api/clients/${clientId}/photo-sets/${setId}/photos`,
    headers: { cookie: member.cookie, 'x-csrf-token': member.csrfToken, 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** A plain JPEG of one colour. */
export function aJpeg(colour = '#d9a38f', width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}
