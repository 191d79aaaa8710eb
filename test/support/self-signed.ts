import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/**
 * A throw-away self-signed certificate for a test server on 127.0.0.1, made in memory at start: an
 * EC P-256 key and a minimal X.509 v3 certificate (subject alternative names 127.0.0.1 and
 * localhost) written in DER by hand, because node:crypto signs but does not issue certificates. No
 * key is ever written to disk or committed, and no openssl is needed.
 */
export function selfSignedCertificate(commonName: string, days = 1): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSha256 = sequence(oid([1, 2, 840, 10045, 4, 3, 2]));
  const name = sequence(set(sequence(oid([2, 5, 4, 3]), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  const now = Date.now();
  const subjectAltName = sequence(
    tlv(0x87, Buffer.from([127, 0, 0, 1])), // iPAddress
    tlv(0x82, Buffer.from('localhost', 'ascii')), // dNSName
  );
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))), // version: v3
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(8)])), // positive serial
    ecdsaWithSha256,
    name,
    sequence(utcTime(new Date(now - 60_000)), utcTime(new Date(now + days * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, sequence(sequence(oid([2, 5, 29, 17]), tlv(0x04, subjectAltName)))),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  const certificate = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = certificate.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`,
  };
}

function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: Buffer;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else if (length < 0x100) header = Buffer.from([tag, 0x81, length]);
  else header = Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  return Buffer.concat([header, content]);
}

const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const integer = (bytes: Buffer) => tlv(0x02, bytes);

function oid(arcs: number[]): Buffer {
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) groups.unshift((value & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tlv(0x17, Buffer.from(`${text}Z`, 'ascii'));
}
