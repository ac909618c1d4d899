import { describe, expect, it } from 'vitest';
import { taskDeadlineEffects } from '../../../shared/domain/escalation/task-deadlines.js';

const now = new Date('2026-12-10T15:00:00Z');
const task = (taskId: string, deadline: string) => ({ taskId, type: 'personal-contact', deadline });

describe('task deadlines in an evaluation', () => {
  it('alerts once for each task past its deadline', () => {
    const tasks = [task('t-1', '2026-12-09T15:00:00Z'), task('t-2', '2026-12-10T15:00:00Z'), task('t-3', '2026-12-12T15:00:00Z')];
    expect(taskDeadlineEffects(tasks, new Set(), now).overdue.map((o) => o.taskId)).toEqual(['t-1', 't-2']);
    expect(taskDeadlineEffects(tasks, new Set(['t-1']), now).overdue.map((o) => o.taskId)).toEqual(['t-2']);
  });

  it('brings the next evaluation to the earliest deadline still ahead', () => {
    const tasks = [task('t-1', '2026-12-14T15:00:00Z'), task('t-2', '2026-12-11T09:00:00Z'), task('t-3', '2026-12-01T09:00:00Z')];
    expect(taskDeadlineEffects(tasks, new Set(), now).nextDeadline).toBe('2026-12-11T09:00:00Z');
  });

  it('says nothing without tasks', () => {
    expect(taskDeadlineEffects([], new Set(), now)).toEqual({ overdue: [] });
  });
});
