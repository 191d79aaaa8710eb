import sharp from 'sharp';
import { Invalid } from '../../platform/errors';

export type ProcessedPhoto = { display: Buffer; thumb: Buffer; width: number; height: number };

const DISPLAY_PX = 1600;
const THUMB_PX = 400;
const MAX_PIXELS = 50_000_000;

/**
 * Checks an upload by its bytes (not its name or type header), applies the camera's orientation,
 * and re-encodes it as JPEG twice (display, thumbnail). Re-encoding drops every piece of metadata —
 * EXIF, GPS position, camera serial — because sharp writes none unless asked.
 */
export async function processPhoto(bytes: Buffer, field: string): Promise<ProcessedPhoto> {
  const kind = sniff(bytes);
  if (kind === 'heic') {
    throw new Invalid(
      `${field} is a HEIC photo, which this server cannot read; choose JPEG ("most compatible") on the camera`,
      [{ field, message: 'is HEIC; upload JPEG or PNG' }],
    );
  }
  if (!kind)
    throw new Invalid(`${field} is not a JPEG or PNG image`, [
      { field, message: 'is not a JPEG or PNG image' },
    ]);
  try {
    const source = () => sharp(bytes, { failOn: 'warning', limitInputPixels: MAX_PIXELS }).rotate();
    const display = await source()
      .resize(DISPLAY_PX, DISPLAY_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await source()
      .resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 78 })
      .toBuffer();
    return { display: display.data, thumb, width: display.info.width, height: display.info.height };
  } catch (error) {
    throw new Invalid(`${field} could not be read as an image (${(error as Error).message})`, [
      { field, message: 'is damaged or incomplete' },
    ]);
  }
}

function sniff(bytes: Buffer): 'jpeg' | 'png' | 'heic' | undefined {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  const brand = bytes.subarray(8, 12).toString('latin1');
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp' && /^(heic|heix|hevc|heim|heis|mif1)$/.test(brand))
    return 'heic';
  return undefined;
}
