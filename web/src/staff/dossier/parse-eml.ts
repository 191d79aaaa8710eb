/** What the dossier form can fill in from a saved e-mail (.eml, RFC 5322 / MIME). */
export interface ParsedEml {
  from?: string;
  subject?: string;
  /** ISO instant from the Date header. */
  date?: string;
  text?: string;
}

/** Splits a message (or a MIME part) into unfolded headers and its body. */
function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const normalised = raw.replace(/\r\n/g, '\n');
  const end = normalised.indexOf('\n\n');
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const body = end === -1 ? '' : normalised.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function bytesToText(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function decodeBase64(value: string, charset: string): string {
  try {
    const binary = atob(value.replace(/\s+/g, ''));
    return bytesToText(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
      charset,
    );
  } catch {
    return value;
  }
}

function decodeQuotedPrintable(value: string, charset: string, header = false): string {
  const source = (header ? value.replace(/_/g, ' ') : value).replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const hex = source.slice(i + 1, i + 3);
    if (source[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(source[i]));
    }
  }
  return bytesToText(Uint8Array.from(bytes), charset);
}

/** "=?UTF-8?Q?Vraag_over_de_behandeling?=" → "Vraag over de behandeling". */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_match, charset: string, encoding: string, text: string) =>
        encoding.toUpperCase() === 'B'
          ? decodeBase64(text, charset)
          : decodeQuotedPrintable(text, charset, true),
    );
}

function parameter(header: string | undefined, name: string): string {
  const match = new RegExp(`${name}\\s*=\\s*"?([^";]+)"?`, 'i').exec(header ?? '');
  return match?.[1] ?? '';
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const charset = parameter(headers.get('content-type'), 'charset') || 'utf-8';
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return decodeBase64(body, charset);
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body, charset);
  return body;
}

/** The first text/plain part of a (possibly multipart) message, decoded. */
function plainText(headers: Map<string, string>, body: string, depth = 0): string | undefined {
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/') && depth < 5) {
    const boundary = parameter(headers.get('content-type'), 'boundary');
    if (!boundary) return undefined;
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const inner = splitMessage(part.replace(/^\n/, ''));
      const text = plainText(inner.headers, inner.body, depth + 1);
      if (text !== undefined) return text;
    }
    return undefined;
  }
  if (type.startsWith('text/plain')) return decodeBody(headers, body).trim();
  return undefined;
}

/** Reads the headers and the plain text of a saved e-mail; what it cannot find stays undefined. */
export function parseEml(raw: string): ParsedEml {
  const { headers, body } = splitMessage(raw);
  const fromHeader = decodeWords(headers.get('from') ?? '');
  const address = /<([^>]+@[^>]+)>/.exec(fromHeader)?.[1] ?? /[^\s<>"]+@[^\s<>"]+/.exec(fromHeader)?.[0];
  const dateHeader = headers.get('date');
  const date = dateHeader ? new Date(dateHeader) : undefined;
  return {
    from: address,
    subject: headers.has('subject') ? decodeWords(headers.get('subject') ?? '') : undefined,
    date: date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined,
    text: plainText(headers, body),
  };
}
