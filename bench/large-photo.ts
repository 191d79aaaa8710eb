/**
 * A 12-megapixel camera photo for the upload benchmark: a skin-toned gradient with sensor-like
 * noise blended in, so the JPEG is as large (about 3.5 MB) and as hard to decode as a phone's,
 * which a flat colour would not be. Plus the multipart body a browser sends with it.
 */
import sharp from 'sharp';

const WIDTH = 4000;
const HEIGHT = 3000;

export async function twelveMegapixelJpeg(): Promise<Buffer> {
  const gradient = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
    <defs><radialGradient id="g" cx="45%" cy="40%" r="75%">
      <stop offset="0" stop-color="#e8b89a"/><stop offset="1" stop-color="#6b4a3a"/>
    </radialGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
  </svg>`;
  const noise = await sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 18 },
    },
  })
    .png()
    .toBuffer();
  return sharp(Buffer.from(gradient))
    .composite([{ input: noise, blend: 'soft-light' }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** One file in the field `before`, as multipart/form-data. */
export function multipartPhoto(jpeg: Buffer): { body: Buffer; contentType: string } {
  const boundary = '----VellumBenchBoundary7MA4YWxkTrZu0gW';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="before"; filename="IMG_0001.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}
