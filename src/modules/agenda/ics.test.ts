import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { appointmentIcs, fold, paramValue, text } from './ics';

const NAMES = [
  'Kliniek: Noord',
  'Huid; Haar, en Meer',
  'Studio "De Huid"',
  'Crème & Zoë — Façade',
  'A^B: ^n niet een regeleinde',
  'Twee\nregels',
  'Back\\slash',
];

const parse = (ics: string) => {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = calendar.getFirstSubcomponent('vevent') as ICAL.Component;
  return {
    organizerName: event.getFirstProperty('organizer')?.getParameter('cn'),
    organizerAddress: event.getFirstPropertyValue('organizer'),
    summary: event.getFirstPropertyValue('summary'),
    location: event.getFirstPropertyValue('location'),
    description: event.getFirstPropertyValue('description'),
    status: event.getFirstPropertyValue('status'),
  };
};

const invitation = (name: string) =>
  appointmentIcs(
    {
      appointmentId: '01a2c0de-0000-7000-8000-000000000001',
      sequence: 0,
      startsAt: new Date('2026-12-01T09:00:00Z'),
      endsAt: new Date('2026-12-01T09:45:00Z'),
      summary: `Peeling bij ${name}`,
      location: `${name}, Dorpsstraat 1; 1234 AB Ons Dorp`,
      organizer: { name, email: 'info@kliniek.example' },
    },
    new Date('2026-11-25T09:00:00Z'),
  );

describe('the iCalendar writer', () => {
  it.each(NAMES)('writes %j as the organiser, summary and location so ical.js reads it back', (name) => {
    const read = parse(invitation(name));
    expect(read.organizerName).toBe(name);
    expect(read.organizerAddress).toBe('mailto:info@kliniek.example');
    expect(read.summary).toBe(`Peeling bij ${name}`);
    expect(read.location).toBe(`${name}, Dorpsstraat 1; 1234 AB Ons Dorp`);
    expect(read.status).toBe('CONFIRMED');
  });

  it('quotes a parameter value holding : ; or , and caret-encodes what a quoted-string cannot hold', () => {
    expect(paramValue('Kliniek Noord')).toBe('Kliniek Noord');
    expect(paramValue('Kliniek: Noord')).toBe('"Kliniek: Noord"');
    expect(paramValue('Huid; Haar, Meer')).toBe('"Huid; Haar, Meer"');
    expect(paramValue('Studio "De Huid"')).toBe("Studio ^'De Huid^'");
    expect(paramValue('A^B\nC')).toBe('A^^B^nC');
    expect(invitation('Kliniek: Noord')).toContain(
      'ORGANIZER;CN="Kliniek: Noord":mailto:info@kliniek.example',
    );
  });

  it('escapes TEXT values and drops control characters', () => {
    expect(text('a\\b;c,d\r\ne\u0007f\tg')).toBe('a\\\\b\\;c\\,d\\ne' + 'f\tg');
  });

  it('a DESCRIPTION written with text() reads back unchanged', () => {
    const value = 'Kliniek: Noord; "Crème", Zoë\nTweede regel \\ ^ einde';
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//t//t//EN',
      'BEGIN:VEVENT',
      'UID:x',
      `DESCRIPTION:${text(value)}`,
      'END:VEVENT',
      'END:VCALENDAR',
    ]
      .map(fold)
      .join('\r\n');
    expect(parse(ics).description).toBe(value);
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const name = 'é'.repeat(60) + '🙂'.repeat(20);
    const ics = invitation(name);
    for (const line of ics.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      // A split character would leave a replacement character when each line is decoded alone.
      expect(Buffer.from(line, 'utf8').toString('utf8')).not.toContain('\uFFFD');
    }
    const lines = fold(`SUMMARY:${text(name)}`).split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`SUMMARY:${text(name)}`);
    expect(parse(ics).organizerName).toBe(name);
    expect(parse(ics).summary).toBe(`Peeling bij ${name}`);
  });
});
