import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const vellum = path.resolve(import.meta.dirname, '..', 'bin', 'vellum.mjs');

/** Runs the real `vellum` command and collects what it prints. */
function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [vellum, ...args], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// A fresh embedded database applies 40 migrations from scratch: generous on a busy two-core machine.
describe('the vellum command', { timeout: 180_000 }, () => {
  it('prints its usage with --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('migrate');
    expect(result.stdout).toContain('start');
  });

  it('refuses an unknown command with exit code 2', async () => {
    const result = await run(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it('migrates the embedded database in the data folder', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-cli-'));
    const result = await run(['migrate'], { VELLUM_DATA_DIR: dataDir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('migrations applied (pglite)');
    expect(result.code).toBe(0);
  });

  it('stops with one clear line when the PostgreSQL server cannot be reached', async () => {
    const result = await run(['migrate'], {
      DATABASE_URL: 'postgres://vellum:hunter2-secret@127.0.0.1:1/vellum',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^vellum: cannot connect to PostgreSQL at postgres:\/\/vellum:\*\*\*@127\.0\.0\.1:1/,
    );
    expect(result.stderr).not.toContain('hunter2-secret');
  });

  it('stops with one line per bad setting', async () => {
    const result = await run(['migrate'], { PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('vellum: PORT');
    expect(result.stderr).toContain('vellum: DATABASE_URL');
    expect(result.stderr).not.toContain('    at ');
  });

  it('refuses a data folder that is a file', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vellum-cli-')), 'file');
    writeFileSync(file, 'not a folder');
    const result = await run(['migrate'], { VELLUM_DATA_DIR: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^vellum: .*data folder/);
  });
});

// Each command starts Node, tsx and a fresh PGlite (~5 s each on this machine): generous timeouts.
describe('vellum setup and audit verify', { timeout: 240_000 }, () => {
  it('sets up a clinic from the command line once, then verifies and anchors the trail', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-cli-'));
    const passwordFile = path.join(dataDir, '..', `owner-password-${path.basename(dataDir)}`);
    writeFileSync(passwordFile, 'een-lang-en-sterk-wachtwoord\n', { mode: 0o600 });
    const args = [
      'setup',
      '--clinic-name',
      'Huidkliniek Zuid',
      '--owner-name',
      'Sanne Zuid',
      '--owner-email',
      'sanne@huidkliniek-zuid.nl',
      '--owner-password-file',
      passwordFile,
    ];
    const first = await run(args, { VELLUM_DATA_DIR: dataDir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/otpauth:\/\/totp\/.+secret=[A-Z2-7]+/);
    // The master key lives beside the data folder, not in it (decision 0017).
    expect(statSync(path.join(`${dataDir}.keys`, 'master.key')).mode & 0o777).toBe(0o600);

    const second = await run(args, { VELLUM_DATA_DIR: dataDir });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('already been set up');

    expect((await run(['audit', 'anchor'], { VELLUM_DATA_DIR: dataDir })).stdout).toMatch(
      /anchored entry \d+/,
    );
    const verified = await run(['audit', 'verify'], { VELLUM_DATA_DIR: dataDir });
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/audit trail intact: \d+ entries, 1 of 1 anchors matched/);
  });

  it('exits non-zero naming the entry when the anchor no longer matches', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'vellum-cli-'));
    const passwordFile = path.join(dataDir, '..', `pw-${path.basename(dataDir)}`);
    writeFileSync(passwordFile, 'een-lang-en-sterk-wachtwoord');
    await run(
      [
        'setup',
        '--clinic-name',
        'K',
        '--owner-name',
        'O',
        '--owner-email',
        'o@example.nl',
        '--owner-password-file',
        passwordFile,
      ],
      { VELLUM_DATA_DIR: dataDir },
    );
    // An anchor that disagrees with the database: what a rewritten trail looks like from outside.
    writeFileSync(
      path.join(dataDir, 'audit-anchors.jsonl'),
      `${JSON.stringify({ seq: 1, hash: 'f'.repeat(64), at: '2026-11-25T03:15:00.000Z' })}\n`,
    );
    const verified = await run(['audit', 'verify'], { VELLUM_DATA_DIR: dataDir });
    expect(verified.code).toBe(1);
    expect(verified.stderr).toMatch(/^vellum: audit trail broken at entry 1: .*anchor/);
  });
});
