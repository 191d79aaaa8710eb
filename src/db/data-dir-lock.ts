import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/** The data folder cannot be used: not a folder, not writable, or held by another running Vellum. */
export class DataDirUnavailable extends Error {}

export type DataDirLock = { release(): void };

/**
 * PGlite is a single-process database: two servers on one folder would corrupt it. The first server
 * creates `vellum.lock` exclusively (atomic `wx`) with its process id; a second one finds the lock,
 * sees that process alive, and refuses. A lock left by a killed process is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  prepareDataDir(dataDir);
  const lockFile = path.join(dataDir, 'vellum.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(lockFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new DataDirUnavailable(`cannot lock the data folder ${dataDir}: ${(error as Error).message}`);
      }
      const holder = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirUnavailable(
          `the data folder ${dataDir} is in use by another Vellum process (pid ${holder}); stop it first`,
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirUnavailable(`cannot lock the data folder ${dataDir}`);
}

function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new DataDirUnavailable(`cannot create the data folder ${dataDir}: ${(error as Error).message}`);
  }
  if (!statSync(dataDir).isDirectory()) {
    throw new DataDirUnavailable(`the data folder ${dataDir} is not a folder`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
