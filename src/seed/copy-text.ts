/**
 * PostgreSQL's COPY text format, for the bulk writer: one line per row, columns separated by a tab,
 * `\N` for NULL. Values are what a Drizzle column's `mapToDriverValue` hands the driver (strings,
 * numbers, booleans, Dates, Buffers, arrays, JSON as text), encoded as the type's input function
 * reads them, then escaped for COPY:
 *
 * - backslash, tab, newline and carriage return become `\\`, `\t`, `\n`, `\r` (COPY reads every
 *   other character, any Unicode included, as itself);
 * - bytea is its hex form `\x…`, so `\\x…` on the line;
 * - an array is its literal `{…}`: every element double-quoted with `"` and `\` backslashed, NULL
 *   unquoted, nested arrays nested — and that literal is then escaped for COPY like any text;
 * - an object (JSON not yet turned into text) is `JSON.stringify`d.
 *
 * Text cannot hold the NUL character in PostgreSQL at all, so it is refused here rather than
 * failing the whole COPY somewhere in the middle.
 */

/** One value, ready for a COPY text line. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return escapeCopy(pgLiteral(value));
}

/** One row: its values separated by tabs, ending in a newline. */
export function copyLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    line += copyValue(values[i]);
  }
  return `${line}\n`;
}

/** The value as the type's input function reads it (before COPY's own escaping). */
export function pgLiteral(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array)
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (Array.isArray(value)) return arrayLiteral(value);
  return JSON.stringify(value);
}

function arrayLiteral(values: readonly unknown[]): string {
  const elements = values.map((element) => {
    if (element === null || element === undefined) return 'NULL';
    if (Array.isArray(element)) return arrayLiteral(element);
    return `"${pgLiteral(element).replace(/[\\"]/g, '\\$&')}"`;
  });
  return `{${elements.join(',')}}`;
}

const SPECIAL = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** COPY's escaping; one scan for the common case of nothing to escape. */
function escapeCopy(text: string): string {
  if (!SPECIAL.test(text)) return text;
  if (text.includes('\u0000')) throw new Error('text with a NUL character cannot be stored');
  return text.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string);
}
