/**
 * Small generated images for the seed: skin-toned gradients as before/after photos, put through the
 * app's own processPhoto (so display size and thumbnail are what an upload stores), and signatures
 * as signature_pad sends them (a PNG of a pen stroke). A few variants are made once and reused;
 * every copy is sealed separately with its client's key.
 */
import sharp from 'sharp';
import { type ProcessedPhoto, processPhoto } from '../modules/photos/image';
import type { Random } from './random';

const PHOTO = { width: 480, height: 360 };
const SIGNATURE = { width: 360, height: 120 };

export async function samplePhotos(random: Random, count: number): Promise<ProcessedPhoto[]> {
  const photos: ProcessedPhoto[] = [];
  for (let i = 0; i < count; i++) {
    const tone = () =>
      `hsl(${random.number.int({ min: 15, max: 35 })}, ${random.number.int({ min: 30, max: 60 })}%, ${random.number.int({ min: 35, max: 80 })}%)`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${PHOTO.width}" height="${PHOTO.height}">
      <defs><radialGradient id="g" cx="${random.number.int({ min: 30, max: 70 })}%" cy="45%" r="70%">
        <stop offset="0" stop-color="${tone()}"/><stop offset="1" stop-color="${tone()}"/>
      </radialGradient></defs>
      <rect width="100%" height="100%" fill="url(#g)"/>
    </svg>`;
    const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
    photos.push(await processPhoto(jpeg, 'before'));
  }
  return photos;
}

/** Signature data URLs (`data:image/png;base64,…`): a wavy stroke with a random rhythm. */
export async function sampleSignatures(random: Random, count: number): Promise<string[]> {
  const signatures: string[] = [];
  for (let i = 0; i < count; i++) {
    let x = 20;
    let path = `M ${x} ${SIGNATURE.height / 2}`;
    while (x < SIGNATURE.width - 40) {
      x += random.number.int({ min: 12, max: 30 });
      const y = random.number.int({ min: 25, max: SIGNATURE.height - 25 });
      path += ` Q ${x - 8} ${y - random.number.int({ min: 10, max: 30 })} ${x} ${y}`;
    }
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIGNATURE.width}" height="${SIGNATURE.height}">
      <rect width="100%" height="100%" fill="white"/>
      <path d="${path}" fill="none" stroke="#1a237e" stroke-width="2.5" stroke-linecap="round"/>
    </svg>`;
    const png = await sharp(Buffer.from(svg)).png({ palette: true, colours: 8 }).toBuffer();
    signatures.push(`data:image/png;base64,${png.toString('base64')}`);
  }
  return signatures;
}
