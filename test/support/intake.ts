import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { treatmentType } from '../../src/modules/catalogue/tables';
import { newId } from '../../src/platform/ids';
import type { StaffMember, TestClinic } from './clinic';

/** A signature as signature_pad sends it: a PNG data URL. `noise` makes it incompressible (large). */
export function aSignature(options: { width?: number; height?: number; noise?: boolean } = {}): string {
  return `data:image/png;base64,${aPng(options).toString('base64')}`;
}

export function aPng({ width = 120, height = 40, noise = false } = {}): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = noise ? randomBytes(width * 3) : Buffer.alloc(width * 3, 255);
    // A stroke across the middle, like a signature.
    if (!noise)
      for (let x = 0; x < width; x++)
        if (Math.abs(y - height / 2 - Math.sin(x / 6) * 6) < 1.5) row.fill(0, x * 3, x * 3 + 3);
    rows.push(Buffer.concat([Buffer.from([0]), row]));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A treatment type in the catalogue, linked to an intake template by key (inserted as the system). */
export async function aTreatmentType(
  clinic: TestClinic,
  fields: { name: string; intakeTemplateKey: string | null; priceCents?: number },
): Promise<string> {
  const id = newId();
  await clinic.context.gate.act({ kind: 'system', name: 'test' }, 'test', (scope) =>
    scope.tx.insert(treatmentType).values({
      id,
      name: fields.name,
      durationMinutes: 60,
      priceCents: fields.priceCents ?? 8500,
      vatRatePercent: 21,
      intakeTemplateKey: fields.intakeTemplateKey,
      createdAt: scope.now,
    }),
  );
  return id;
}

type Question = { key: string; kind: string; required: boolean; options?: { key: string }[] };

/** Answers that mark nothing: "no" to every yes/no question, the first option of every choice. */
export function harmlessAnswers(questions: Question[]): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    if (q.kind === 'yes_no') answers[q.key] = false;
    if (q.kind === 'choice') answers[q.key] = q.options?.[0]?.key;
  }
  return answers;
}

export async function formOf(member: StaffMember, treatmentTypeId: string) {
  const response = await member.call('GET', `/api/intake-forms/${treatmentTypeId}`);
  if (response.statusCode !== 200) throw new Error(`form failed: ${response.statusCode} ${response.body}`);
  return response.json() as {
    treatmentName: string;
    priceCents: number;
    template: { key: string; version: number; questions: Question[] };
  };
}
