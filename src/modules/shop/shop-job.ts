import type { AppContext } from '../../app';
import { claimSlotBeforeRun } from '../../platform/job-lock';

/**
 * The shop job for one slot of its schedule (every two minutes), unless another instance has it:
 * payments whose webhook never came, and unpaid orders past their window.
 */
export async function runShopJob(
  context: Pick<AppContext, 'database' | 'shop'>,
  slot: Date,
): Promise<{ settled: number; expired: number } | undefined> {
  if (!(await claimSlotBeforeRun(context.database, 'shop', slot))) return undefined;
  return context.shop.payments.sweep();
}
