import { describe, expect, it } from 'vitest';
import { terminalProgress } from './terminal-progress';

function aStream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (chunk: string) => written.push(chunk) > 0 };
}

describe('backup progress on the terminal', () => {
  it('rewrites one line with tables and photos done of total, then leaves only the summary', () => {
    const stream = aStream(true);
    let clock = 0;
    const shown = terminalProgress('vellum backup create', stream, () => clock);
    shown.update({ step: 'tables', done: 1, total: 3 });
    shown.update({ step: 'tables', done: 2, total: 3 }); // within 100 ms: not drawn
    clock = 150;
    shown.update({ step: 'tables', done: 3, total: 3 });
    shown.update({ step: 'photos', done: 40, total: 40 });
    shown.done('vellum: backup made in 1.0 s');
    expect(stream.written).toEqual([
      '\r\x1b[2Kvellum backup create: tables 1 of 3',
      '\r\x1b[2Kvellum backup create: tables 3 of 3',
      '\r\x1b[2Kvellum backup create: tables 3 of 3, photos 40 of 40',
      '\r\x1b[2K',
      'vellum: backup made in 1.0 s\n',
    ]);
  });

  it('shows how much of the file is checked', () => {
    const stream = aStream(true);
    const shown = terminalProgress('vellum backup verify', stream, () => 0);
    shown.update({ step: 'check', done: 1024 * 1024, total: 4 * 1024 * 1024 });
    expect(stream.written).toEqual(['\r\x1b[2Kvellum backup verify: checking 25% (1.0 MB of 4.0 MB)']);
  });

  it('writes only the summary line when stderr is not a terminal (a log, a pipe)', () => {
    const stream = aStream(false);
    const shown = terminalProgress('vellum backup restore', stream, () => 0);
    shown.update({ step: 'tables', done: 1, total: 2 });
    shown.update({ step: 'photos', done: 2, total: 2 });
    shown.done('vellum: restored in 2.0 s');
    expect(stream.written).toEqual(['vellum: restored in 2.0 s\n']);
  });

  it('ends the progress line before an error message', () => {
    const stream = aStream(true);
    const shown = terminalProgress('vellum backup verify', stream, () => 0);
    shown.update({ step: 'check', done: 1, total: 2 });
    shown.stop();
    expect(stream.written.at(-1)).toBe('\n');
  });
});
