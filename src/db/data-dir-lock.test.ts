import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirUnavailable, lockDataDir } from './data-dir-lock';

const freshDir = () => mkdtempSync(path.join(tmpdir(), 'vellum-data-'));

describe('the data folder lock', () => {
  it('refuses a second holder while the first process lives', async () => {
    const dir = freshDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    writeFileSync(path.join(dir, 'vellum.lock'), String(sleeper.pid));
    try {
      expect(() => lockDataDir(dir)).toThrow(/in use by another Vellum process/);
    } finally {
      sleeper.kill();
    }
  });

  it('takes over a lock left by a process that died', () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'vellum.lock'), '999999999');
    const lock = lockDataDir(dir);
    expect(existsSync(path.join(dir, 'vellum.lock'))).toBe(true);
    lock.release();
    expect(existsSync(path.join(dir, 'vellum.lock'))).toBe(false);
  });

  it('refuses a data folder that is a file', () => {
    const file = path.join(freshDir(), 'not-a-folder');
    writeFileSync(file, '');
    expect(() => lockDataDir(file)).toThrow(DataDirUnavailable);
  });
});
