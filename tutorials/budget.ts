/**
 * @file How long the tutorials train: their full budgets by default, a few steps when
 * SHINSOU_QUICK=1 (as the test that runs them in CI sets it).
 */
export const quick = process.env.SHINSOU_QUICK === '1';

/** `full` normally, `small` under SHINSOU_QUICK=1. */
export function budget(full: number, small: number): number {
  return quick ? small : full;
}
