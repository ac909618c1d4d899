import { describe, expect, it } from 'vitest';
import { defaultPolicy, formatPath, parsePolicy } from '../../../shared/domain/policy/parse.js';
import type { Policy } from '../../../shared/domain/policy/schema.js';

/**
 * A mutable deep copy of the default, as a user would start from `examples/policy.json`. Untyped on
 * purpose: these tests write the wrong types and unknown fields a hand-edited file can contain.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately malformed input
type Loose = any;
function draft(): Loose {
  return structuredClone(defaultPolicy);
}

function errorOf(raw: unknown): string {
  const result = parsePolicy(raw);
  if (result.ok) throw new Error('expected the policy to be rejected');
  return result.error;
}

describe('parsePolicy', () => {
  it('accepts the default policy as JSON text and as a value, unchanged', () => {
    const fromText = parsePolicy(JSON.stringify(defaultPolicy));
    const fromValue = parsePolicy(draft());
    expect(fromText).toEqual({ ok: true, policy: defaultPolicy });
    expect(fromValue).toEqual({ ok: true, policy: defaultPolicy });
  });

  it('accepts a UTF-8 byte-order mark in front of the JSON text', () => {
    expect(parsePolicy(`\uFEFF${JSON.stringify(defaultPolicy)}`).ok).toBe(true);
  });

  it('fills in the documented defaults', () => {
    const minimal = {
      version: 3,
      company: { name: 'ACME', signature: 'ACME AR', paymentLinkTemplate: 'https://pay.acme.mx/{invoiceNumber}' },
      segments: [{ id: 'all', cadence: [{ id: 'd0', offsetDays: 0, template: 'due-today', tone: 'friendly' }] }],
    };
    const result = parsePolicy(minimal);
    expect(result.ok).toBe(true);
    const policy = (result as { policy: Policy }).policy;
    expect(policy.contactWindow).toEqual({
      days: ['MON', 'TUE', 'WED', 'THU', 'FRI'],
      start: '08:00',
      end: '19:00',
      skipPublicHolidays: true,
    });
    expect(policy.sendTime).toBe('09:00');
    expect(policy.segments[0]).toMatchObject({ description: '', match: {}, catchUp: true });
    expect(policy.segments[0]?.cadence[0]?.channel).toBe('email');
  });

  it('names the zod path of a non-integer offset', () => {
    const policy = draft();
    policy.segments[1].cadence[0].offsetDays = 1.5;
    expect(errorOf(policy)).toBe('segments[1].cadence[0].offsetDays: expected an integer, got 1.5');
  });

  it('reports a missing required field as required', () => {
    const policy = draft();
    delete policy.company.name;
    expect(errorOf(policy)).toBe('company.name: required');
  });

  it('rejects an unknown field instead of ignoring a misspelt setting', () => {
    const policy = draft();
    policy.contactWindow.skipPublicHoliday = false;
    expect(errorOf(policy)).toMatch(/^contactWindow\.skipPublicHoliday: unknown field/);
  });

  it('rejects a step whose template does not exist, listing the known ones', () => {
    const policy = draft();
    policy.segments[0].cadence[2].template = 'gentle-nudge';
    expect(errorOf(policy)).toBe(
      'segments[0].cadence[2].template: unknown template "gentle-nudge"; expected one of "upcoming", "due-today", "overdue", "final-notice"',
    );
  });

  it('rejects an unknown tone and channel with the allowed values', () => {
    const policy = draft();
    policy.segments[0].cadence[0].tone = 'rude';
    policy.segments[0].cadence[1].channel = 'fax';
    const error = errorOf(policy);
    expect(error).toContain('segments[0].cadence[0].tone: expected one of "friendly", "firm", "formal", got "rude"');
    expect(error).toContain('segments[0].cadence[1].channel: expected one of "email", "sms", "whatsapp", "preferred", got "fax"');
  });

  it('rejects duplicate segment ids', () => {
    const policy = draft();
    policy.segments[2].id = policy.segments[1].id;
    expect(errorOf(policy)).toBe(`segments[2].id: duplicate segment id "${policy.segments[1].id}" (also segments[1])`);
  });

  it('rejects duplicate step ids within a segment but allows the same step id in two segments', () => {
    const policy = draft();
    expect(policy.segments[0].cadence[1].id).toBe(policy.segments[4].cadence[1].id); // d0 in both: fine
    policy.segments[4].cadence[2].id = 'd0';
    expect(errorOf(policy)).toBe('segments[4].cadence[2].id: duplicate step id "d0" (also cadence[1])');
  });

  it('rejects two steps on the same day of one cadence', () => {
    const policy = draft();
    policy.segments[4].cadence[3].offsetDays = 3;
    expect(errorOf(policy)).toMatch(/^segments\[4\]\.cadence\[3\]\.offsetDays: step "d\+3" is already on day 3/);
  });

  it('rejects a contact window that ends before it starts, and malformed times', () => {
    const policy = draft();
    policy.contactWindow.start = '19:00';
    policy.contactWindow.end = '08:00';
    expect(errorOf(policy)).toBe('contactWindow.end: must be later than start (19:00)');

    policy.contactWindow.start = '8:00';
    expect(errorOf(policy)).toMatch(/^contactWindow\.start: expected a 24-hour time "HH:MM"/);
    policy.contactWindow.start = '24:00';
    expect(errorOf(policy)).toMatch(/^contactWindow\.start: expected a 24-hour time/);
  });

  it('rejects an empty or repeated list of contact days and unknown day names', () => {
    const policy = draft();
    policy.contactWindow.days = [];
    expect(errorOf(policy)).toBe('contactWindow.days: must have at least 1 item');
    policy.contactWindow.days = ['MON', 'MON'];
    expect(errorOf(policy)).toBe('contactWindow.days[1]: MON is listed twice');
    policy.contactWindow.days = ['MONDAY'];
    expect(errorOf(policy)).toMatch(/^contactWindow\.days\[0\]: expected one of "MON", "TUE"/);
  });

  it('requires the last segment to match every invoice', () => {
    const policy = draft();
    policy.segments.pop();
    expect(errorOf(policy)).toMatch(/^segments\[3\]\.match: the last segment must match every invoice/);
  });

  it('checks amount bands, countries and locales', () => {
    const policy = draft();
    policy.segments[0].match.amountBands = [{ currency: 'mxn', minMinor: 10, maxMinor: 5 }];
    policy.segments[0].match.countries = ['Mexico'];
    policy.segments[0].match.locales = ['not a locale!'];
    const error = errorOf(policy);
    expect(error).toContain('segments[0].match.amountBands[0].currency: expected an ISO 4217 currency code');
    expect(error).toContain('segments[0].match.countries[0]: expected an ISO 3166-1 alpha-2 country code');
    expect(error).toContain('segments[0].match.locales[0]: expected a BCP 47 language tag');

    policy.segments[0].match = { amountBands: [{ currency: 'MXN', minMinor: 10, maxMinor: 5 }] };
    expect(errorOf(policy)).toBe('segments[0].match.amountBands[0].maxMinor: must be at least minMinor (10)');
  });

  it('checks the payment link template', () => {
    const policy = draft();
    policy.company.paymentLinkTemplate = 'https://pay.example.com/{customer}/{invoiceNumber}';
    expect(errorOf(policy)).toBe('company.paymentLinkTemplate: unknown placeholder {customer}; use {accountId} and {invoiceNumber}');
    policy.company.paymentLinkTemplate = 'pay.example.com/{invoiceNumber}';
    expect(errorOf(policy)).toMatch(/^company\.paymentLinkTemplate: expected an absolute URL/);
    policy.company.paymentLinkTemplate = 'javascript:alert({invoiceNumber})';
    expect(errorOf(policy)).toBe('company.paymentLinkTemplate: expected an http or https URL');
  });

  it('checks the optional reply-to address', () => {
    const policy = draft();
    policy.company.replyTo = 'cobranza@acme.mx';
    expect(parsePolicy(policy).ok).toBe(true);
    policy.company.replyTo = 'not an address';
    expect(errorOf(policy)).toBe('company.replyTo: expected an email address');
  });

  it('keeps one grace period for a promise: a lone setting sets both, two different ones are refused', () => {
    const onlyRules = draft();
    onlyRules.contactRules.promiseGraceDays = 4;
    delete onlyRules.escalation.promiseGraceDays;
    const a = parsePolicy(onlyRules);
    expect(a.ok && [a.policy.contactRules.promiseGraceDays, a.policy.escalation.promiseGraceDays]).toEqual([4, 4]);

    const onlyEscalation = draft();
    delete onlyEscalation.contactRules.promiseGraceDays;
    onlyEscalation.escalation.promiseGraceDays = 1;
    const b = parsePolicy(onlyEscalation);
    expect(b.ok && [b.policy.contactRules.promiseGraceDays, b.policy.escalation.promiseGraceDays]).toEqual([1, 1]);

    const both = draft();
    both.contactRules.promiseGraceDays = 3;
    both.escalation.promiseGraceDays = 5;
    expect(errorOf(both)).toBe('escalation.promiseGraceDays: must equal contactRules.promiseGraceDays (3): reminders pause for a promise as long as the escalation waits to check it');
  });

  it('reports several problems at once, at most five', () => {
    const policy = draft();
    for (const segment of policy.segments) segment.cadence.forEach((step: { offsetDays: unknown }) => (step.offsetDays = 'x'));
    const error = errorOf(policy);
    expect(error.split('; ')).toHaveLength(6);
    expect(error).toMatch(/; and \d+ more problems$/);
  });

  it('explains malformed JSON with its line and column', () => {
    expect(errorOf('{\n  "version": 1,\n}')).toMatch(/^not valid JSON: .*line 3, column 1/);
  });

  it('rejects something that is not an object at all', () => {
    expect(errorOf('[]')).toBe('policy: expected an object, got an array');
    expect(errorOf(null)).toBe('policy: expected an object, got null');
  });
});

describe('formatPath', () => {
  it('writes zod paths the way a reader points into JSON', () => {
    expect(formatPath(['segments', 1, 'cadence', 0, 'offsetDays'])).toBe('segments[1].cadence[0].offsetDays');
    expect(formatPath([])).toBe('policy');
  });
});
