/**
 * The client's signature: a PNG from signature_pad, sent as a data URL. Checked by its bytes (the
 * PNG signature, an IHDR header first, an IEND at the end), not by what the data URL claims.
 */
import { Invalid } from '../../platform/errors';

export const SIGNATURE_MAX_BYTES = 200 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PREFIX = 'data:image/png;base64,';
const MAX_SIDE = 4000;

/** The PNG bytes of a signature data URL, or a 400 naming `signature`. */
export function signaturePng(dataUrl: string | undefined | null): Buffer {
  const refuse = (message: string): never => {
    throw new Invalid(`signature ${message}`, [{ field: 'signature', message }]);
  };
  if (!dataUrl) return refuse('is required: the client signs the form');
  if (!dataUrl.startsWith(PREFIX)) return refuse('must be a PNG data URL (data:image/png;base64,…)');
  const base64 = dataUrl.slice(PREFIX.length);
  if (base64.length > Math.ceil((SIGNATURE_MAX_BYTES * 4) / 3) + 4) {
    return refuse(`is larger than ${SIGNATURE_MAX_BYTES / 1024} kB`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return refuse('is not valid base64');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > SIGNATURE_MAX_BYTES) return refuse(`is larger than ${SIGNATURE_MAX_BYTES / 1024} kB`);
  if (!isPng(bytes)) return refuse('is not a PNG image');
  return bytes;
}

function isPng(bytes: Buffer): boolean {
  if (bytes.length < 8 + 25 + 12 || !bytes.subarray(0, 8).equals(PNG_MAGIC)) return false;
  // The first chunk is IHDR (13 bytes): width and height, each at least 1 pixel.
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') return false;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) return false;
  // The last chunk is IEND: a complete file, not a truncated one.
  return bytes.toString('latin1', bytes.length - 8, bytes.length - 4) === 'IEND';
}
