import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';
import type { CadenceStep } from '../../../shared/domain/types.js';

const examplePath = new URL('../../../examples/policy.json', import.meta.url);
const docsPath = new URL('../../../examples/policy.md', import.meta.url);
const shippedPath = new URL('../../../shared/domain/policy/default-policy.json', import.meta.url);

describe('the shipped default policy', () => {
  it('keeps the cadence named in the issue for invoices not yet due or up to 30 days late', () => {
    const standard = defaultPolicy.segments.at(-1);
    expect(standard?.match).toEqual({});
    const steps = standard?.cadence.map((s) => [s.offsetDays, s.template, s.tone]);
    expect(steps).toEqual([
      [-5, 'upcoming', 'friendly'],
      [0, 'due-today', 'friendly'],
      [3, 'overdue', 'friendly'],
      [7, 'overdue', 'firm'],
    ]);
  });

  it('grows firmer and more formal with age and ends with a catch-up final notice past 90 days', () => {
    const byBucket = (bucket: string) => defaultPolicy.segments.find((s) => s.match.agingBuckets?.includes(bucket as never) && !s.match.amountBands);
    expect(byBucket('31-60')?.cadence.map((s) => s.tone)).toEqual(['firm', 'firm', 'formal']);
    expect(byBucket('61-90')?.cadence.every((s) => s.tone === 'formal')).toBe(true);
    const severe = byBucket('90+');
    expect(severe?.catchUp).toBe(true);
    expect(severe?.cadence.map((s) => [s.template, s.tone])).toEqual([['final-notice', 'formal']]);
  });

  it('has a high-balance band for each launch currency', () => {
    const high = defaultPolicy.segments.find((s) => s.match.amountBands);
    expect(high?.match.amountBands?.map((b) => b.currency).sort()).toEqual(['CLP', 'COP', 'MXN', 'PEN', 'USD']);
    expect(high?.match.agingBuckets).toEqual(['not-due', '0-30']);
  });

  it('has steps assignable to CadenceStep', () => {
    const steps: CadenceStep[] = defaultPolicy.segments.flatMap((s) => s.cadence);
    expect(steps.length).toBeGreaterThan(0);
  });

  it('is frozen, so one caller cannot change it for everyone', () => {
    expect(Object.isFrozen(defaultPolicy)).toBe(true);
    expect(Object.isFrozen(defaultPolicy.segments[0]?.cadence[0])).toBe(true);
  });

  it('is what examples/policy.json says, byte for byte', () => {
    expect(readFileSync(examplePath, 'utf8')).toBe(readFileSync(shippedPath, 'utf8'));
    expect(parsePolicy(readFileSync(examplePath, 'utf8'))).toEqual({ ok: true, policy: defaultPolicy });
  });

  it('has every field documented in examples/policy.md', () => {
    const docs = readFileSync(docsPath, 'utf8');
    const fields = [
      'version', 'description', 'company', 'name', 'signature', 'paymentLinkTemplate', 'replyTo', 'contactWindow',
      'days', 'start', 'end', 'skipPublicHolidays', 'sendTime', 'segments', 'id', 'match', 'agingBuckets',
      'amountBands', 'currency', 'minMinor', 'maxMinor', 'countries', 'locales', 'cadence', 'offsetDays',
      'channel', 'template', 'tone', 'catchUp',
    ];
    for (const field of fields) expect(docs, field).toContain(`\`${field}\``);
  });
});
