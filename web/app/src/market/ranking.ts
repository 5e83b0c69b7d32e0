/**
 * Ranking by reputation: a pool's or an app's task record (completed and
 * failed tasks) as one number. The raw success ratio puts an app with one
 * lucky task above one with a thousand tasks and one failure, so the ratio
 * is smoothed by one success and one failure (Laplace's rule): a newcomer
 * starts at 50%, and the score moves toward the true ratio as tasks accrue.
 */

import type { TaskRecord } from "@ect/sdk";

/** The smoothed success ratio of a record, in [0, 1]. */
export function reputationScore(record: TaskRecord): number {
  return (record.completed + 1) / (record.completed + record.failed + 2);
}

/** Sorts by reputation, best first; ties go to more completed tasks, then to the lower id. */
export function rankByReputation<T extends { id: number }>(items: T[], recordOf: (item: T) => TaskRecord): T[] {
  return [...items].sort((a, b) => {
    const ra = recordOf(a);
    const rb = recordOf(b);
    return reputationScore(rb) - reputationScore(ra) || rb.completed - ra.completed || a.id - b.id;
  });
}
