/**
 * Policies for the contact-rule properties, built by changing the parsed default policy directly:
 * parsing a policy checks every shipped text and costs milliseconds, too slow for hundreds of runs.
 * Every generated value is one the schema accepts (start before end, one step per offset).
 */
import fc from 'fast-check';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { WEEKDAYS, type Policy } from '../../../shared/domain/policy/schema.js';
import { PRESET_COUNTRIES } from './oracle.js';

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Business hours: the default, or any days and any span of the day (sometimes disjoint from every preset). */
export const windowArb: fc.Arbitrary<Policy['contactWindow']> = fc.oneof(
  fc.constant(defaultPolicy.contactWindow),
  fc
    .record({
      days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      start: fc.integer({ min: 0, max: 23 * 60 }),
      length: fc.integer({ min: 1, max: 24 * 60 }),
      skipPublicHolidays: fc.boolean(),
    })
    .map(({ days, start, length, skipPublicHolidays }) => ({
      days,
      start: hhmm(start),
      end: hhmm(Math.max(Math.min(start + length, 24 * 60 - 1), start + 1)),
      skipPublicHolidays,
    })),
);

export const contactRulesArb: fc.Arbitrary<Policy['contactRules']> = fc
  .record({
    preset: fc.constantFrom('auto', 'none', ...PRESET_COUNTRIES),
    businessHoursOnly: fc.boolean(),
    perDay: fc.integer({ min: 1, max: 3 }),
    per7Days: fc.integer({ min: 1, max: 6 }),
  })
  .map(({ preset, businessHoursOnly, perDay, per7Days }) => ({ ...defaultPolicy.contactRules, preset, businessHoursOnly, caps: { perDay, per7Days } }));

/** The default cadence, or a catch-all segment with random offsets; any send time. */
const cadenceArb = fc.record({
  sendTime: fc.integer({ min: 0, max: 24 * 60 - 1 }).map(hhmm),
  offsets: fc.option(fc.uniqueArray(fc.integer({ min: -30, max: 120 }), { minLength: 1, maxLength: 6 }), { nil: undefined }),
  catchUp: fc.boolean(),
});

/** A whole policy with random business hours, contact rules, send time and (sometimes) cadence. */
export const policyArb: fc.Arbitrary<Policy> = fc
  .record({ contactWindow: windowArb, contactRules: contactRulesArb, cadence: cadenceArb })
  .map(({ contactWindow, contactRules, cadence }) => {
    const segments = [...defaultPolicy.segments];
    const last = segments.at(-1)!;
    if (cadence.offsets) {
      segments[segments.length - 1] = {
        ...last,
        catchUp: cadence.catchUp,
        cadence: cadence.offsets.map((offsetDays) => ({
          id: `s${offsetDays}`,
          offsetDays,
          channel: 'email' as const,
          template: offsetDays < 0 ? 'upcoming' : offsetDays === 0 ? 'due-today' : 'overdue',
          tone: 'firm' as const,
        })),
      };
    }
    return { ...defaultPolicy, contactWindow, contactRules, sendTime: cadence.sendTime, segments };
  });
