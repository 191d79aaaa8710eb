import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditNl } from '../web/src/shared/i18n/audit-nl';
import { nl } from '../web/src/shared/i18n/nl';
import { KINDS } from '../web/src/staff/outbox/outbox-kinds';

// The Dutch texts a clinic reads every day: the screen is called "Uitgaande e-mail", so no Dutch
// text sends the owner to an "outbox" she cannot find in the menu (issue 14, a week of a clinic).
const folder = path.resolve(import.meta.dirname, '..', 'web', 'src', 'shared', 'i18n');

function strings(value: unknown, at: string, into: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') into.push([at, value]);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) strings(inner, at ? `${at}.${key}` : key, into);
  return into;
}

async function dutch(): Promise<[string, string][]> {
  const files = readdirSync(folder).filter((file) => file === 'nl.ts' || file.endsWith('-nl.ts'));
  const all: [string, string][] = [];
  for (const file of files) {
    const module = (await import(path.join(folder, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) strings(value, `${file}:${name}`, all);
  }
  return all;
}

describe('the Dutch texts', () => {
  it('call the outbox by the name the menu gives it', async () => {
    const texts = await dutch();
    expect(texts.length).toBeGreaterThan(500);
    expect(texts.filter(([, text]) => /\boutbox\b/i.test(text))).toEqual([]);
  });

  it('name every kind of object the audit log records (no raw correction_request in the log)', () => {
    const source = path.resolve(import.meta.dirname, '..', 'src');
    const files = readdirSync(source, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    );
    const kinds = new Set<string>();
    for (const file of files) {
      for (const match of readFileSync(path.join(source, file), 'utf8').matchAll(/objectType: '([a-z_]+)'/g))
        kinds.add(match[1] as string);
    }
    expect(kinds.size).toBeGreaterThan(40);
    expect([...kinds].filter((kind) => !(kind in auditNl.object)).sort()).toEqual([]);
  });

  it('name every kind of e-mail the outbox holds (no raw correction_request on the outbox screen)', () => {
    const source = path.resolve(import.meta.dirname, '..', 'src');
    const kinds = new Set<string>();
    for (const file of readdirSync(source, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const text = readFileSync(path.join(source, file), 'utf8');
      for (const insert of text.matchAll(/insert\(outboxEmail\)[\s\S]{0,400}?kind: '([a-z_]+)'/g))
        kinds.add(insert[1] as string);
    }
    expect(kinds.size).toBeGreaterThan(5);
    const shown = new Set<string>(KINDS);
    expect([...kinds].filter((kind) => !shown.has(kind) || !(kind in nl.outbox.kind)).sort()).toEqual([]);
  });
});
