import type { BackupProgress } from './backup.service';

type Stream = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

const EVERY_MS = 100;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Progress of `vellum backup create|verify|restore` on the terminal: one line on stderr, rewritten
 * in place at most ten times a second, and only when stderr is a terminal (a log or a pipe gets no
 * half-lines). The summary line is written either way; stdout stays for the result.
 */
export function terminalProgress(what: string, stream: Stream = process.stderr, now = () => Date.now()) {
  const live = stream.isTTY === true;
  const state: Partial<Record<BackupProgress['step'], BackupProgress>> = {};
  let shownAt = Number.NEGATIVE_INFINITY;
  let shown = false;
  const line = () => {
    const parts: string[] = [];
    const check = state.check;
    if (check && (check.done < check.total || (!state.tables && !state.photos)))
      parts.push(
        `checking ${Math.floor((check.done / check.total) * 100)}% (${megabytes(check.done)} of ${megabytes(check.total)})`,
      );
    if (state.tables) parts.push(`tables ${state.tables.done} of ${state.tables.total}`);
    if (state.photos) parts.push(`photos ${state.photos.done} of ${state.photos.total}`);
    return `${what}: ${parts.join(', ')}`;
  };
  return {
    update(progress: BackupProgress): void {
      state[progress.step] = progress;
      if (!live) return;
      const finished = progress.done === progress.total;
      if (!finished && now() - shownAt < EVERY_MS) return;
      shownAt = now();
      shown = true;
      stream.write(`\r\x1b[2K${line()}`);
    },
    /** Clears the progress line and writes the summary (to a terminal or not). */
    done(summary: string): void {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
      stream.write(`${summary}\n`);
    },
    /** Ends the progress line so an error message starts on a line of its own. */
    stop(): void {
      if (shown) stream.write('\n');
      shown = false;
    },
  };
}
