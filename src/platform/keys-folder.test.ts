import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { KeyUnavailable } from './crypto';
import { erasureRegisterOf, isInside, keysFolderOf, settleKeysFolder } from './keys-folder';

const ID_A = '0193a5b2-0000-7000-8000-00000000000a';
const ID_B = '0193a5b2-0000-7000-8000-00000000000b';

function anInstallation() {
  const root = mkdtempSync(path.join(tmpdir(), 'vellum-keys-'));
  return loadConfig({ NODE_ENV: 'test', VELLUM_DATA_DIR: path.join(root, 'data') });
}

describe('the keys folder', () => {
  it('[P9.4] is beside the data folder by default, with the master key, the register and the backups outside it', () => {
    const config = anInstallation();
    expect(keysFolderOf(config)).toBe(`${config.dataDir}.keys`);
    expect(isInside(config.masterKeyFile, config.dataDir)).toBe(false);
    expect(isInside(erasureRegisterOf(config), config.dataDir)).toBe(false);
    expect(isInside(config.backupDir, config.dataDir)).toBe(false);
    expect(config.backupKeepDays).toBe(30);
  });

  it('moves the master key and the register of an older installation out of the data folder', () => {
    const config = anInstallation();
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path.join(config.dataDir, 'master.key'), `${Buffer.alloc(32, 1).toString('base64')}\n`);
    writeFileSync(path.join(config.dataDir, 'erased-clients'), `${ID_A}\n`);

    expect(settleKeysFolder(config).join('\n')).toMatch(/moved the master key/);
    expect(existsSync(path.join(config.dataDir, 'master.key'))).toBe(false);
    expect(existsSync(path.join(config.dataDir, 'erased-clients'))).toBe(false);
    expect(readFileSync(config.masterKeyFile, 'utf8').trim()).toBe(Buffer.alloc(32, 1).toString('base64'));
    expect(statSync(config.masterKeyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(erasureRegisterOf(config), 'utf8')).toBe(`${ID_A}\n`);
    expect(settleKeysFolder(config)).toEqual([]);
  });

  it('[P9.4] an old data folder copied back cannot shrink the register, and another installation is refused', () => {
    const config = anInstallation();
    const key = `${Buffer.alloc(32, 2).toString('base64')}\n`;
    mkdirSync(path.dirname(config.masterKeyFile), { recursive: true });
    writeFileSync(config.masterKeyFile, key);
    writeFileSync(erasureRegisterOf(config), `${ID_A}\n${ID_B}\n`);
    // A copy of the data folder from before the move holds the old register (one erasure fewer).
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path.join(config.dataDir, 'master.key'), key);
    writeFileSync(path.join(config.dataDir, 'erased-clients'), `${ID_A}\n`);
    settleKeysFolder(config);
    expect(readFileSync(erasureRegisterOf(config), 'utf8')).toBe(`${ID_A}\n${ID_B}\n`);
    expect(existsSync(path.join(config.dataDir, 'erased-clients'))).toBe(false);

    writeFileSync(path.join(config.dataDir, 'master.key'), `${Buffer.alloc(32, 3).toString('base64')}\n`);
    expect(() => settleKeysFolder(config)).toThrow(KeyUnavailable);
  });

  it('warns when the keys folder is configured inside the data folder', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'vellum-keys-'));
    const config = loadConfig({
      VELLUM_DATA_DIR: path.join(root, 'data'),
      VELLUM_MASTER_KEY_FILE: path.join(root, 'data', 'master.key'),
    });
    expect(settleKeysFolder(config).join('\n')).toMatch(/inside the data folder/);
  });
});
