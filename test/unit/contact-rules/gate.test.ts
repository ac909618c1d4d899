import { describe, expect, it } from 'vitest';
import { contactWindowKey, decideContact, nextContactInstant, type GateDecision, type GateInput } from '../../../shared/domain/contact-rules/gate.js';
import { gateZones, isAllowedByRules, nextAllowedByRules } from '../../../shared/domain/contact-rules/hours.js';
import { contactRulesFor, type ContactRules } from '../../../shared/domain/contact-rules/presets.js';
import { defaultPolicy, parsePolicy } from '../../../shared/domain/policy/parse.js';
import type { PolicyInput } from '../../../shared/domain/policy/schema.js';
import type { ContactLedgerEntry, ContactState } from '../../../shared/ports.js';
import { local } from './oracle.js';

// December 2026: Friday 11, Saturday 12, Sunday 13, Monday 14. Bogotá is UTC-5, Mexico City UTC-6,
// Santiago UTC-3 (summer time), all year round in December.
const BOGOTA = 'America/Bogota';
const CDMX = 'America/Mexico_City';
const SANTIAGO = 'America/Santiago';

function rulesWith(country: string, contactRules: PolicyInput['contactRules']): ContactRules {
  const draft: PolicyInput = structuredClone(defaultPolicy);
  draft.contactRules = contactRules;
  const parsed = parsePolicy(draft);
  if (!parsed.ok) throw new Error(parsed.error);
  return contactRulesFor(parsed.policy, country);
}

/** CO preset ∩ default business hours (Mon–Fri 08:00–19:00), 1 a day, 3 per 7 days. */
const coDefault = contactRulesFor(defaultPolicy, 'CO');
/**
 * MX business hours with room for several contacts a day: consolidation and the rolling cap alone.
 * No policy can say so any more (caps.perDay is at most 1), but the gate still handles such rules.
 */
const mxRoomy: ContactRules = { ...contactRulesFor(defaultPolicy, 'MX'), maxPerDay: 5 };
/** The CL preset alone (Mon–Sat 08:00–20:00 but holidays, 2 in any 7 days, 2 days apart) with a generous rolling cap. */
const clLegal = rulesWith('CL', { businessHoursOnly: false, caps: { per7Days: 50 } });
const CO_BUSINESS = 'CO preset ∩ business hours; policy for a business debtor (Ley 2300 de 2023 arts. 2-3)';

const emptyState: ContactState = { accountId: 'C-1', version: 4, entries: [] };

function entry(messageId: string, wallClock: string, zone: string, invoiceNumbers: string[] = ['F-9']): ContactLedgerEntry {
  return { messageId, at: local(wallClock, zone).toISOString(), channel: 'email', invoiceNumbers };
}

interface Case extends Partial<Omit<GateInput, 'now' | 'request'>> {
  readonly invoices?: string[];
  readonly messageId?: string;
}

function gate(wallClock: string, zone: string, options: Case = {}): GateDecision {
  const { invoices = ['F-1'], messageId = 'm-new', ...rest } = options;
  return decideContact({
    now: local(wallClock, zone),
    rules: coDefault,
    timezone: zone,
    country: zone === BOGOTA ? 'CO' : zone === CDMX ? 'MX' : zone === SANTIAGO ? 'CL' : undefined,
    state: emptyState,
    request: { messageId, channel: 'email', invoiceNumbers: invoices },
    maxDeferralDays: 5,
    ...rest,
  });
}

const withEntries = (...entries: ContactLedgerEntry[]): ContactState => ({ ...emptyState, entries });

describe('decideContact: send and redelivery', () => {
  it('sends inside the rules and records the contact, leaving the version to the conditional write', () => {
    expect(gate('2026-12-14T10:00', BOGOTA, { invoices: ['F-1', 'F-2'], messageId: 'm-1' })).toEqual({
      decision: 'send',
      invoiceNumbers: ['F-1', 'F-2'],
      state: {
        accountId: 'C-1',
        version: 4,
        entries: [{ messageId: 'm-1', at: '2026-12-14T15:00:00.000Z', channel: 'email', invoiceNumbers: ['F-1', 'F-2'] }],
      },
    });
  });

  it('answers already for a messageId in the ledger, whatever the hour, cap or pause', () => {
    const sent = entry('m-1', '2026-12-14T10:00', BOGOTA, ['F-1']);
    const state = { ...withEntries(sent), pausedUntil: '2027-01-01T00:00:00Z' };
    expect(gate('2026-12-13T10:00', BOGOTA, { state, messageId: 'm-1' })).toEqual({ decision: 'already', entry: sent });
  });

  it('prunes ledger entries older than 35 days on send and keeps the rest', () => {
    const state = withEntries(entry('old', '2026-11-08T10:00', BOGOTA), entry('recent', '2026-11-10T10:00', BOGOTA));
    const decision = gate('2026-12-14T10:00', BOGOTA, { state });
    expect(decision.decision === 'send' && decision.state.entries.map((e) => e.messageId)).toEqual(['recent', 'm-new']);
  });
});

describe('decideContact: consolidation within a window (the local day)', () => {
  const morning = entry('m-1', '2026-12-14T09:00', CDMX, ['F-1']);

  it('removes invoices already contacted today and sends the rest', () => {
    expect(gate('2026-12-14T15:00', CDMX, { rules: mxRoomy, state: withEntries(morning), invoices: ['F-1', 'F-2'] })).toMatchObject({
      decision: 'send',
      invoiceNumbers: ['F-2'],
    });
  });

  it('drops a message about invoices all contacted today', () => {
    expect(gate('2026-12-14T15:00', CDMX, { rules: mxRoomy, state: withEntries(morning), invoices: ['F-1'] })).toEqual({
      decision: 'drop',
      reason: 'already contacted about these invoices today',
    });
  });

  it('counts the debtor’s local day, not the UTC day', () => {
    // Sunday 23:30 in Mexico City is Monday 05:30 UTC: another window than Monday 10:00 local.
    const lateSunday = entry('m-0', '2026-12-13T23:30', CDMX, ['F-1']);
    expect(gate('2026-12-14T10:00', CDMX, { rules: mxRoomy, state: withEntries(lateSunday) }).decision).toBe('send');
    const earlyMonday = entry('m-0', '2026-12-14T00:30', CDMX, ['F-1']);
    expect(gate('2026-12-14T10:00', CDMX, { rules: mxRoomy, state: withEntries(earlyMonday) }).decision).toBe('drop');
  });

  it('contacts again about an invoice on another day', () => {
    const yesterday = entry('m-0', '2026-12-14T10:00', CDMX, ['F-1']);
    expect(gate('2026-12-15T10:00', CDMX, { rules: mxRoomy, state: withEntries(yesterday) })).toMatchObject({ decision: 'send', invoiceNumbers: ['F-1'] });
  });

  it('lists each invoice once, and lets a message about no invoice through', () => {
    expect(gate('2026-12-14T10:00', CDMX, { rules: mxRoomy, invoices: ['F-2', 'F-3', 'F-2'] })).toMatchObject({ invoiceNumbers: ['F-2', 'F-3'] });
    expect(gate('2026-12-14T10:00', CDMX, { rules: mxRoomy, state: withEntries(morning), invoices: [] })).toMatchObject({ decision: 'send', invoiceNumbers: [] });
  });
});

describe('decideContact: hours, days and holidays', () => {
  it('defers a Sunday in Colombia to Monday 07:00 under the legal preset', () => {
    expect(gate('2026-12-13T10:15', BOGOTA, { rules: rulesWith('CO', { businessHoursOnly: false }) })).toEqual({
      decision: 'defer',
      until: local('2026-12-14T07:00', BOGOTA),
      reason: 'outside contact hours (Sun 2026-12-13 10:15 America/Bogota; CO preset; policy for a business debtor (Ley 2300 de 2023 arts. 2-3)); deferred to Mon 2026-12-14 07:00',
    });
  });

  it('defers a Colombian holiday to the next business day', () => {
    expect(gate('2026-12-08T10:00', BOGOTA)).toEqual({
      decision: 'defer',
      until: local('2026-12-09T08:00', BOGOTA),
      reason: `public holiday in CO (Tue 2026-12-08 America/Bogota; ${CO_BUSINESS}); deferred to Wed 2026-12-09 08:00`,
    });
  });

  it('walks wall-clock days across a DST change (New York, spring forward on Sunday 8 March 2026)', () => {
    const usLegal = rulesWith('US', { businessHoursOnly: false });
    const decision = gate('2026-03-07T21:30', 'America/New_York', { rules: usLegal, country: 'US' });
    expect(decision).toMatchObject({ decision: 'defer', until: new Date('2026-03-08T12:00:00Z') }); // 08:00 EDT
  });

  it('computes in UTC for a zone that is not a zone', () => {
    const decision = gate('2026-12-12T02:00', 'UTC', { timezone: 'Not/A_Zone', rules: contactRulesFor(defaultPolicy, undefined) });
    expect(decision).toMatchObject({ decision: 'defer', until: new Date('2026-12-14T08:00:00Z') });
    expect(decision.decision === 'defer' && decision.reason).toContain('Sat 2026-12-12 02:00 UTC');
  });
});

describe('decideContact: caps', () => {
  it('defers past the daily cap to the next day', () => {
    const state = withEntries(entry('m-0', '2026-12-14T09:00', BOGOTA));
    expect(gate('2026-12-14T15:00', BOGOTA, { state })).toEqual({
      decision: 'defer',
      until: local('2026-12-15T08:00', BOGOTA),
      reason: 'daily cap reached (1 per day); deferred to Tue 2026-12-15 08:00',
    });
  });

  it('defers past the rolling 7-day cap to the moment the oldest contact leaves the window', () => {
    const state = withEntries(
      entry('a', '2026-12-14T10:00', CDMX),
      entry('b', '2026-12-15T10:00', CDMX),
      entry('c', '2026-12-16T10:00', CDMX),
    );
    expect(gate('2026-12-17T10:00', CDMX, { rules: mxRoomy, state })).toEqual({
      decision: 'defer',
      until: local('2026-12-21T10:00', CDMX),
      reason: 'cap reached (3 per 7 days); deferred to Mon 2026-12-21 10:00',
    });
    expect(gate('2026-12-21T09:59', CDMX, { rules: mxRoomy, state }).decision).toBe('defer');
    expect(gate('2026-12-21T10:00', CDMX, { rules: mxRoomy, state }).decision).toBe('send');
  });

  it('keeps Chile to two contacts in any 7 days, until the older one is 7 × 24 h old (Ley 19.496 art. 37)', () => {
    const state = withEntries(entry('a', '2026-12-14T09:00', SANTIAGO), entry('b', '2026-12-16T09:00', SANTIAGO));
    const decision = gate('2026-12-18T10:00', SANTIAGO, { rules: clLegal, state });
    expect(decision).toMatchObject({ decision: 'defer', until: local('2026-12-21T09:00', SANTIAGO) });
    expect(decision.decision === 'defer' && decision.reason).toMatch(/^weekly limit reached \(2 in any 7 days; CL preset; /);
  });

  // The bug of the calendar week: Saturday → Monday → Wednesday all went out.
  it('does not start a new Chilean week on Monday: Thursday and Saturday leave no room until the next Thursday', () => {
    const state = withEntries(entry('a', '2026-12-17T09:00', SANTIAGO), entry('b', '2026-12-19T09:00', SANTIAGO));
    expect(gate('2026-12-21T08:00', SANTIAGO, { rules: clLegal, state })).toMatchObject({ decision: 'defer', until: local('2026-12-24T09:00', SANTIAGO) });
  });

  it('keeps Chilean contacts two days apart: two calendar dates and 48 hours', () => {
    const state = withEntries(entry('a', '2026-12-14T19:00', SANTIAGO));
    expect(gate('2026-12-15T10:00', SANTIAGO, { rules: clLegal, state })).toMatchObject({
      decision: 'defer',
      until: local('2026-12-16T19:00', SANTIAGO),
      reason: expect.stringMatching(/^too soon after the contact of Mon 2026-12-14 19:00 \(2 days apart required; CL preset; /),
    });
    expect(gate('2026-12-16T18:59', SANTIAGO, { rules: clLegal, state }).decision).toBe('defer'); // Wednesday, but 47:59 h later
    expect(gate('2026-12-16T19:00', SANTIAGO, { rules: clLegal, state }).decision).toBe('send');
    const morning = withEntries(entry('a', '2026-12-14T08:00', SANTIAGO));
    expect(gate('2026-12-16T08:00', SANTIAGO, { rules: clLegal, state: morning }).decision).toBe('send'); // Monday 08:00 → Wednesday 08:00
  });

  it('blocks Chilean holidays: Navidad (Friday 25 December 2026) goes to Saturday 08:00, Sábado Santo 2027 to Monday', () => {
    expect(gate('2026-12-25T10:00', SANTIAGO, { rules: clLegal })).toMatchObject({ decision: 'defer', until: local('2026-12-26T08:00', SANTIAGO) });
    // Easter 2027 is 28 March: Viernes Santo 26, Sábado Santo 27 (Ley 2.977), Sunday closed → Monday 29.
    expect(gate('2027-03-26T10:00', SANTIAGO, { rules: clLegal })).toMatchObject({ decision: 'defer', until: local('2027-03-29T08:00', SANTIAGO) });
    expect(gate('2027-03-27T10:00', SANTIAGO, { rules: clLegal }).decision).toBe('defer');
  });
});

describe('decideContact: Colombia, one channel in any 7 days (Ley 2300 de 2023 art. 3)', () => {
  const coLegal = rulesWith('CO', { businessHoursOnly: false, caps: { per7Days: 50 } });
  const mondayEmail = withEntries(entry('a', '2026-12-14T10:00', BOGOTA));
  const on = (channel: 'email' | 'sms' | 'whatsapp', wallClock: string) =>
    decideContact({ now: local(wallClock, BOGOTA), rules: coLegal, timezone: BOGOTA, country: 'CO', state: mondayEmail, request: { messageId: 'm-2', channel, invoiceNumbers: ['F-1'] }, maxDeferralDays: 7 });

  it('holds WhatsApp on Wednesday and SMS on Friday after an email on Monday, until the email is 7 × 24 h old', () => {
    expect(on('whatsapp', '2026-12-16T10:00')).toMatchObject({ decision: 'defer', until: local('2026-12-21T10:00', BOGOTA) });
    const friday = on('sms', '2026-12-18T10:00');
    expect(friday).toMatchObject({ decision: 'defer', until: local('2026-12-21T10:00', BOGOTA) });
    expect(friday.decision === 'defer' && friday.reason).toMatch(/^contacted by email on Mon 2026-12-14: one channel in any 7 days \(CO preset; /);
  });

  it('lets the channel already used go on, and any channel once the last contact is a week old', () => {
    expect(on('email', '2026-12-16T10:00').decision).toBe('send');
    expect(on('sms', '2026-12-21T10:00').decision).toBe('send');
    expect(on('sms', '2026-12-21T09:59').decision).toBe('defer');
  });

  it('counts a Saturday email against a Monday WhatsApp (a calendar week would let it through)', () => {
    const saturday = withEntries(entry('a', '2026-12-12T09:00', BOGOTA));
    const monday = decideContact({ now: local('2026-12-14T09:00', BOGOTA), rules: coLegal, timezone: BOGOTA, country: 'CO', state: saturday, request: { messageId: 'm-2', channel: 'whatsapp', invoiceNumbers: ['F-1'] }, maxDeferralDays: 7 });
    expect(monday).toMatchObject({ decision: 'defer', until: local('2026-12-19T09:00', BOGOTA) });
  });
});

describe('decideContact: a debtor whose zone is one of several', () => {
  const usLegal = rulesWith('US', { businessHoursOnly: false });
  const anywhere = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles'];
  const ask = (wallClock: string) =>
    decideContact({ now: local(wallClock, 'America/New_York'), rules: usLegal, timezone: 'America/New_York', country: 'US', zoneCandidates: anywhere, state: emptyState, request: { messageId: 'm-1', channel: 'email', invoiceNumbers: ['F-1'] }, maxDeferralDays: 5 });

  it('defers 09:00 in New York (06:00 in Los Angeles) to 11:00 New York, 08:00 Los Angeles', () => {
    const decision = ask('2026-12-14T09:00');
    expect(decision).toMatchObject({ decision: 'defer', until: local('2026-12-14T08:00', 'America/Los_Angeles') });
    expect(decision.decision === 'defer' && decision.reason).toMatch(/^outside contact hours \(Mon 2026-12-14 0[67]:00 America\/(Los_Angeles|Denver|Phoenix), one of the zones the debtor may be in; US preset; /);
  });

  it('stops at 21:00 in New York even though it is 18:00 in Los Angeles', () => {
    expect(ask('2026-12-14T20:59').decision).toBe('send');
    expect(ask('2026-12-14T21:00')).toMatchObject({ decision: 'defer', until: local('2026-12-15T08:00', 'America/Los_Angeles') });
  });
});

describe('a candidate zone this runtime cannot compute in (newer than its ICU data, or a typo)', () => {
  // Monday 2026-12-14 19:30 in Santiago (UTC-3 in summer) is 22:30 UTC: inside CL's 08:00–20:00,
  // outside it in UTC. Were the unknown candidate read as UTC, the gate would hold the message.
  const UNKNOWN = 'America/Atlantis';
  const ask = (wallClock: string, timezone: string, zoneCandidates: readonly string[]) =>
    decideContact({ now: local(wallClock, SANTIAGO), rules: clLegal, timezone, country: 'CL', zoneCandidates, state: emptyState, request: { messageId: 'm-1', channel: 'email', invoiceNumbers: ['F-1'] }, maxDeferralDays: 5 });

  it('drops out of the zones the gate checks, instead of becoming UTC', () => {
    expect(gateZones(SANTIAGO, [SANTIAGO, UNKNOWN, 'america/punta_arenas'])).toEqual([SANTIAGO, 'America/Punta_Arenas']);
    expect(ask('2026-12-14T19:30', SANTIAGO, [SANTIAGO, UNKNOWN]).decision).toBe('send');
    // The known candidates still bind: 20:00 is closed in Santiago.
    expect(ask('2026-12-14T20:00', SANTIAGO, [SANTIAGO, UNKNOWN])).toMatchObject({ decision: 'defer', until: local('2026-12-15T08:00', SANTIAGO) });
  });

  it('drops an unknown stored zone too when a candidate is known, and is UTC only when nothing is known', () => {
    expect(gateZones(UNKNOWN, [SANTIAGO])).toEqual([SANTIAGO]);
    expect(ask('2026-12-14T19:30', UNKNOWN, [SANTIAGO]).decision).toBe('send');
    expect(gateZones(UNKNOWN, [UNKNOWN])).toEqual(['UTC']);
    expect(gateZones(UNKNOWN)).toEqual(['UTC']);
  });

  it('plans at the instant the known zones allow (Saturday 19:00 Santiago is open; it is 22:00 UTC)', () => {
    const saturday = local('2026-12-12T19:00', SANTIAGO);
    expect(isAllowedByRules(saturday, clLegal, SANTIAGO, 'CL', [SANTIAGO, UNKNOWN])).toBe(true);
    expect(nextAllowedByRules(saturday, clLegal, SANTIAGO, 'CL', [SANTIAGO, UNKNOWN])).toEqual(saturday);
  });
});

describe('decideContact: pause', () => {
  const paused = (until: string): ContactState => ({ ...emptyState, pausedUntil: local(until, BOGOTA).toISOString(), pauseReason: 'ya pagué' });

  it('defers until the pause ends, and says why it was paused', () => {
    expect(gate('2026-12-14T10:00', BOGOTA, { state: paused('2026-12-16T10:00') })).toEqual({
      decision: 'defer',
      until: local('2026-12-16T10:00', BOGOTA),
      reason: 'paused until Wed 2026-12-16 10:00 America/Bogota (ya pagué); deferred to Wed 2026-12-16 10:00',
    });
  });

  it('defers to the next allowed moment after a pause that ends at night', () => {
    expect(gate('2026-12-14T10:00', BOGOTA, { state: paused('2026-12-16T20:00') })).toMatchObject({ until: local('2026-12-17T08:00', BOGOTA) });
  });

  it('sends once the pause is over, and drops when it lasts past the deferral limit', () => {
    expect(gate('2026-12-14T10:00', BOGOTA, { state: paused('2026-12-14T09:59') }).decision).toBe('send');
    expect(gate('2026-12-14T10:00', BOGOTA, { state: paused('2026-12-24T10:00') })).toMatchObject({ decision: 'drop' });
  });
});

describe('decideContact: defer or drop', () => {
  const fridayEvening = '2026-12-11T19:30';

  it('defers within maxDeferralDays (wall-clock days in the debtor zone)', () => {
    expect(gate(fridayEvening, BOGOTA, { maxDeferralDays: 3 })).toMatchObject({ decision: 'defer', until: local('2026-12-14T08:00', BOGOTA) });
  });

  it('drops, with the reason and the moment, what would wait longer than maxDeferralDays', () => {
    expect(gate(fridayEvening, BOGOTA, { maxDeferralDays: 2 })).toEqual({
      decision: 'drop',
      reason:
        `outside contact hours (Fri 2026-12-11 19:30 America/Bogota; ${CO_BUSINESS}); the next allowed moment (Mon 2026-12-14 08:00) is more than 2 days away`,
    });
    expect(gate(fridayEvening, BOGOTA, { maxDeferralDays: 0 }).decision).toBe('drop');
  });

  it('drops what would arrive with or after the next planned reminder', () => {
    expect(gate(fridayEvening, BOGOTA, { notAfter: local('2026-12-14T09:00', BOGOTA) }).decision).toBe('defer');
    expect(gate(fridayEvening, BOGOTA, { notAfter: local('2026-12-14T08:00', BOGOTA) })).toEqual({
      decision: 'drop',
      reason:
        `outside contact hours (Fri 2026-12-11 19:30 America/Bogota; ${CO_BUSINESS}); the next allowed moment (Mon 2026-12-14 08:00) is not before the next reminder (Mon 2026-12-14 08:00)`,
    });
  });

  it('drops when the rules allow no moment at all', () => {
    const never: ContactRules = { ...coDefault, hours: {} };
    expect(gate('2026-12-14T10:00', BOGOTA, { rules: never })).toMatchObject({ decision: 'drop', reason: expect.stringContaining('no allowed moment within 800 days') });
  });
});

describe('nextContactInstant', () => {
  it('is the first moment the rules, the history and the pause all allow', () => {
    // Monday: contacted at 09:00 (daily cap), paused until Tuesday 12:00.
    const state = { ...withEntries(entry('a', '2026-12-14T09:00', BOGOTA)), pausedUntil: local('2026-12-15T12:00', BOGOTA).toISOString() };
    expect(nextContactInstant(local('2026-12-14T10:00', BOGOTA), coDefault, BOGOTA, 'CO', state)).toEqual(local('2026-12-15T12:00', BOGOTA));
  });

  it('returns `from` itself when nothing stands in the way', () => {
    const from = new Date('2026-12-14T15:00:00.123Z');
    expect(nextContactInstant(from, coDefault, BOGOTA, 'CO', emptyState)).toEqual(from);
  });

  it('throws for rules that allow no moment', () => {
    expect(() => nextContactInstant(new Date(), { ...coDefault, hours: {} }, BOGOTA, 'CO', emptyState)).toThrow(RangeError);
  });
});

describe('contactWindowKey', () => {
  it("is the local calendar day in the debtor's zone", () => {
    expect(contactWindowKey(new Date('2026-12-15T04:30:00Z'), BOGOTA)).toBe('2026-12-14');
    expect(contactWindowKey(new Date('2026-12-15T05:00:00Z'), BOGOTA)).toBe('2026-12-15');
    expect(contactWindowKey(new Date('2026-12-15T04:30:00Z'), 'Not/A_Zone')).toBe('2026-12-15');
  });
});
