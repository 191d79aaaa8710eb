/**
 * An iCalendar (RFC 5545) invitation for one appointment: times in UTC, the treatment's name and the
 * clinic — nothing medical. METHOD:REQUEST for a booking or a move, CANCEL for a cancellation; the
 * UID stays the appointment's so calendars update the same event.
 */
export type CalendarEvent = {
  appointmentId: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location: string | null;
  organizer: { name: string; email: string };
  cancelled?: boolean;
};

export function appointmentIcs(event: CalendarEvent, now: Date): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Vellum//Agenda//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.cancelled ? 'CANCEL' : 'REQUEST'}`,
    'BEGIN:VEVENT',
    `UID:${event.appointmentId}@vellum`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART:${utc(event.startsAt)}`,
    `DTEND:${utc(event.endsAt)}`,
    `SUMMARY:${text(event.summary)}`,
    ...(event.location ? [`LOCATION:${text(event.location)}`] : []),
    `ORGANIZER;CN=${paramValue(event.organizer.name)}:mailto:${event.organizer.email.replaceAll(CONTROL, '')}`,
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

export function utc(instant: Date): string {
  return `${instant.toISOString().replaceAll(/[-:]/g, '').slice(0, 15)}Z`;
}

/** Control characters other than HTAB, which neither a TEXT nor a parameter value may hold. */
const CONTROL = /(?!\t)\p{Cc}/gu;
const NEWLINE = /\r\n|\r|\n/g;

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped. */
export function text(value: string): string {
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll(';', '\\;')
    .replaceAll(',', '\\,')
    .replaceAll(NEWLINE, '\\n')
    .replaceAll(CONTROL, '');
}

/**
 * A parameter value such as CN (RFC 5545 §3.1–3.2): TEXT escaping does not apply there. A DQUOTE
 * cannot appear at all, so `^`, `"` and newlines are caret-encoded (RFC 6868: `^^`, `^'`, `^n`), and
 * a value holding `:`, `;` or `,` is a quoted-string.
 */
export function paramValue(value: string): string {
  const encoded = value
    .replaceAll('^', '^^')
    .replaceAll('"', "^'")
    .replaceAll(NEWLINE, '^n')
    .replaceAll(CONTROL, '');
  return /[:;,]/.test(encoded) ? `"${encoded}"` : encoded;
}

/**
 * Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1), split
 * between characters, never inside a UTF-8 sequence.
 */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const char of line) {
    if (Buffer.byteLength(current + char, 'utf8') > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
