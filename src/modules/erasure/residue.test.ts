import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aClinicIn, aFolder, cleanUp, erase, onServer } from '../../../test/support/installation';

afterAll(cleanUp);

const NAME = 'Zwartkruisbes';
const EMAIL = 'zwartkruisbes.w@example.nl';
const PHONE = '06 13572468';
const NEEDLES = [NAME, EMAIL, PHONE, PHONE.replaceAll(' ', '')];

/** Every file under a folder (table and index files of the embedded database). */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(folder, name))
    .filter((file) => statSync(file).isFile());
}

function found(files: string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const needle of NEEDLES) if (bytes.includes(needle)) hits.push(`${needle} in ${file}`);
  }
  return hits;
}

describe('residue after erasure', { timeout: 180_000 }, () => {
  it('[P9.4] after an erasure and the vacuum, the name, e-mail and phone are not in the table and index files', async (test) => {
    const { clinic, config } = await aClinicIn(aFolder('residue'));
    const anouk = await clinic.hire('practitioner', 'Anouk Residue');
    const id = await clinic.aClient(anouk, {
      firstName: 'Wilhelmina',
      lastName: NAME,
      birthDate: '1979-07-19',
      email: EMAIL,
      phone: PHONE,
    });

    // Where the live table and index files are: the embedded data folder, or the server's files
    // of the relations the client's identity lives in (if this process may read them).
    let files: () => string[];
    if (!onServer) {
      files = () => filesUnder(path.join(config.dataDir, 'pgdata', 'base'));
    } else {
      const [setting] = await clinic.database.asOwner('show data_directory');
      const root = String(setting?.data_directory);
      const relations = await clinic.database.asOwner(
        `select pg_relation_filepath(c.oid) as file from pg_class c
         where c.relkind in ('r', 'i', 't') and pg_relation_filepath(c.oid) is not null
           and (c.oid in (select indexrelid from pg_index where indrelid in ('client'::regclass, 'outbox_email'::regclass))
             or c.oid in ('client'::regclass, 'outbox_email'::regclass))`,
      );
      const paths = relations.map((r) => path.join(root, String(r.file)));
      try {
        for (const file of paths) accessSync(file, constants.R_OK);
      } catch {
        test.skip(`the server's files under ${root} are not readable by this process`);
        return;
      }
      files = () => paths.flatMap((file) => filesUnder(path.dirname(file)).filter((f) => f.startsWith(file)));
    }

    await clinic.database.asOwner('CHECKPOINT');
    expect(found(files()).length, 'the search finds the client before the erasure').toBeGreaterThan(0);

    await erase(clinic, id);
    await clinic.database.asOwner('CHECKPOINT');
    const hits = found(files());
    const relations = await clinic.database.asOwner(
      `select relname, relfilenode::text as node from pg_class where relfilenode::text in (${
        hits.map((h) => `'${path.basename(h.split(' in ')[1] ?? '').split('.')[0]}'`).join(',') || "''"
      })`,
    );
    expect(hits, JSON.stringify(relations)).toEqual([]);
  });
});
