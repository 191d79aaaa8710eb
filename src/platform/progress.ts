/**
 * How far a long piece of work is: its step and what is done of the total in that step. Counts only,
 * never what is being worked on (a client, a file name).
 */
export type Progress<Step extends string = string> = { step: Step; done: number; total: number };

/** A stored progress older than this belongs to work that was interrupted (a crash, a kill). */
export const STALE_PROGRESS_MS = 120_000;

const EVERY_MS = 250;

/**
 * Hands progress to `write` at most four times a second (a step's first and last report always),
 * one write after another so that a slow write never lands after a newer one. A failing write is
 * dropped: progress must never fail the work it reports on. `report` resolves when its write (or
 * the one before, when skipped) is done, so work that awaits it shows exactly where it is.
 */
export function throttledProgress<Step extends string>(
  write: (progress: Progress<Step>) => Promise<void>,
): { report(progress: Progress<Step>): Promise<void>; settle(): Promise<void> } {
  let writtenAt = 0;
  let lastStep: Step | undefined;
  let chain: Promise<void> = Promise.resolve();
  return {
    report(progress) {
      const at = Date.now();
      const edge = progress.step !== lastStep || progress.done >= progress.total;
      if (!edge && at - writtenAt < EVERY_MS) return chain;
      writtenAt = at;
      lastStep = progress.step;
      chain = chain.then(() => write(progress)).catch(() => {});
      return chain;
    },
    settle: () => chain,
  };
}

/** Whether progress last updated at `updatedAt` is still live at `now`. */
export function isLive(updatedAt: Date, now: Date): boolean {
  return now.getTime() - updatedAt.getTime() <= STALE_PROGRESS_MS;
}
