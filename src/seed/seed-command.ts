/**
 * The `vellum seed` command: parses its options, opens and migrates the configured database (as
 * `vellum migrate` does), seeds it, writes the seeded staff's credentials next to the master key
 * (mode 0600) and prints a JSON summary on stdout.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openConfiguredDatabase } from '../db/open';
import { type SeedResult, seedDatabase } from './seed';

export async function runSeedCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      clients: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      photos: { type: 'boolean', default: false },
    },
  });
  const clients = Number(values.clients);
  const seed = Number(values.seed);
  if (!Number.isInteger(clients) || clients < 1 || !Number.isInteger(seed)) {
    process.stderr.write(
      'vellum seed: --clients must be a positive whole number and --seed a whole number\n',
    );
    return 2;
  }
  const config = loadConfig();
  const { database, lock } = await openConfiguredDatabase(config, { migrate: true });
  try {
    const result = await seedDatabase(database, config, {
      clients,
      seed,
      photos: values.photos,
      log: (line) => process.stderr.write(`vellum seed: ${line}\n`),
    });
    const credentialsFile = path.join(config.dataDir, 'seed-credentials.json');
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(credentialsFile, `${JSON.stringify(result.staff, null, 2)}\n`, { mode: 0o600 });
    chmodSync(credentialsFile, 0o600);
    process.stdout.write(`${JSON.stringify(summary(result, credentialsFile), null, 2)}\n`);
    return 0;
  } finally {
    await database.close();
    lock?.release();
  }
}

function summary(result: SeedResult, credentialsFile: string) {
  return {
    database: result.counts,
    seconds: result.seconds,
    history: result.window,
    clinic: result.clinic.name,
    clinicCreated: result.clinic.created,
    ownerEmail: result.clinic.ownerEmail,
    showcaseClientId: result.showcase.clientId,
    showcasePractitionerEmail: result.showcase.practitionerEmail,
    credentialsFile,
  };
}
