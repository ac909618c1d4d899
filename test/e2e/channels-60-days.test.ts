import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../infra/local/runtime.js';
import { isPublicHoliday } from '../../shared/domain/planning/holidays.js';
import defaultPolicyJson from '../../shared/domain/policy/default-policy.json' with { type: 'json' };

/**
 * Sixty simulated days of the sample portfolio (accounts in MX, CO, PE, CL and US) on the embedded
 * runtime, with the legal presets alone (no business-hours narrowing, so the presets' own edges are
 * exercised), then checked on what a debtor would actually receive: the outbox files. The legal table
 * below is written out again from the issue on purpose: an independent oracle, not the code's own.
 */
const LEGAL: Record<string, { days: Record<string, [string, string]>; holidays: boolean; perDay?: number; weekly?: { count: number; apart: number } }> = {
  MX: { days: everyDay(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], '07:00', '22:00'), holidays: false },
  CO: { days: { ...everyDay(['MON', 'TUE', 'WED', 'THU', 'FRI'], '07:00', '19:00'), SAT: ['08:00', '15:00'] }, holidays: true, perDay: 1 },
  PE: { days: everyDay(['MON', 'TUE', 'WED', 'THU', 'FRI'], '07:00', '20:00'), holidays: true },
  CL: { days: everyDay(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], '08:00', '20:00'), holidays: false, weekly: { count: 2, apart: 2 } },
  US: { days: everyDay(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'], '08:00', '21:00'), holidays: false },
};
const CAPS = { perDay: 1, per7Days: 3 };
const START = new Date('2026-11-23T14:00:00Z');
const DAY = 86_400_000;

interface Sent {
  readonly channel: 'email' | 'sms' | 'whatsapp';
  readonly file: string;
  readonly account: string;
  readonly at: Date;
  readonly to: string;
  readonly text: string;
  readonly kind: 'reminder' | 'reply' | 'receipt' | 'letter';
}

let dir: string;
let runtime: Runtime;
let sent: Sent[];
const accounts = new Map<string, { country: string; zone: string; invoices: string[] }>();
const STOP_AT = new Date(START.getTime() + 9 * DAY); // C-1003 (SMS first) answers STOP on day 10
let unsubscribedAt: Date;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-60d-'));
  runtime = await Runtime.open({ dataDir: join(dir, 'data'), now: START, inMemory: true });
  const policy = { ...defaultPolicyJson, contactRules: { ...defaultPolicyJson.contactRules, businessHoursOnly: false, caps: CAPS } };
  await writeFile(join(dir, 'policy.json'), JSON.stringify(policy));
  expect((await runtime.setPolicy(join(dir, 'policy.json'))).accepted).toBe(true);
  await cp('examples/invoices', join(dir, 'invoices'), { recursive: true });
  for (const file of ['cartera-mx.csv', 'cartera-co.csv', 'portfolio-us.json']) await runtime.ingest(join(dir, 'invoices', file));
  for (const id of ['C-1001', 'C-1002', 'C-1003', 'C-1004', 'C-1005', 'CO-301', 'CO-302', 'CO-303', 'US-501', 'US-502', 'PE-601', 'CL-701']) {
    const { account, invoices } = await runtime.accountWithInvoices(id);
    accounts.set(id, { country: account!.country!, zone: account!.timezone, invoices: invoices.map((i) => i.invoiceNumber) });
  }

  await runtime.advance(STOP_AT.getTime() - START.getTime());
  await runtime.reply('C-1003', 'sms', 'STOP');
  // US-502 unsubscribes from email with the one-click link of the last email it got (RFC 8058 POST).
  const link = await lastUnsubscribeLink('US-501');
  unsubscribedAt = runtime.clock.now();
  const answer = await runtime.contactApi(postEvent(link));
  expect(answer.statusCode).toBe(200);
  for (let day = 10; day < 60; day += 1) await runtime.advance(DAY);
  // A text to a landline is accepted, then reported invalid: it never reached anybody, so it counts
  // against no cap and no window (the fallback email may go out the same day).
  const failed = new Set<string>();
  for (const id of accounts.keys()) {
    for (const line of await runtime.interactions(id)) if (line.type === 'message.failed' && line.detail?.startsWith('permanent')) failed.add(line.reminderId!);
  }
  expect(failed.size).toBeGreaterThan(0);
  sent = (await readOutbox(join(dir, 'data', 'outbox'))).filter((s) => ![...failed].some((id) => s.file.includes(id)));
}, 600_000);

afterAll(async () => {
  await runtime?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('60 days of reminders over email, SMS and WhatsApp', () => {
  it('uses all three channels', () => {
    const reminders = sent.filter((s) => s.kind === 'reminder');
    expect(new Set(reminders.map((s) => s.channel))).toEqual(new Set(['email', 'sms', 'whatsapp']));
    expect(reminders.length).toBeGreaterThan(40);
  });

  it("sends nothing outside the debtor country's legal hours, days and holidays", () => {
    const outside = sent
      .filter((s) => s.kind === 'reminder')
      .flatMap((s) => {
        const { country, zone } = accounts.get(s.account)!;
        const rules = LEGAL[country]!;
        const local = DateTime.fromJSDate(s.at, { zone });
        const hours = rules.days[local.toFormat('ccc').toUpperCase()];
        const hhmm = local.toFormat('HH:mm');
        const ok = hours !== undefined && hhmm >= hours[0] && hhmm < hours[1] && !(rules.holidays && isPublicHoliday(country, local.toISODate()!));
        return ok ? [] : [`${s.account} ${s.channel} ${local.toISO()} (${country})`];
      });
    expect(outside).toEqual([]);
  });

  it('keeps to the caps across channels: per day, per rolling 7 days, and Chile two a week two days apart', () => {
    const problems: string[] = [];
    for (const [id, { country, zone }] of accounts) {
      const mine = sent.filter((s) => s.account === id && s.kind === 'reminder').sort((a, b) => a.at.getTime() - b.at.getTime());
      const days = mine.map((s) => DateTime.fromJSDate(s.at, { zone }));
      const perDay = new Map<string, number>();
      for (const d of days) perDay.set(d.toISODate()!, (perDay.get(d.toISODate()!) ?? 0) + 1);
      for (const [day, n] of perDay) if (n > Math.min(CAPS.perDay, LEGAL[country]!.perDay ?? Infinity)) problems.push(`${id}: ${n} on ${day}`);
      mine.forEach((s, i) => {
        const within = mine.filter((o) => o.at.getTime() > s.at.getTime() - 7 * DAY && o.at.getTime() <= s.at.getTime()).length;
        if (within > CAPS.per7Days) problems.push(`${id}: ${within} in the 7 days up to ${s.at.toISOString()}`);
        const weekly = LEGAL[country]!.weekly;
        if (weekly) {
          const week = days[i]!.startOf('week').toISODate();
          if (days.filter((d) => d.startOf('week').toISODate() === week).length > weekly.count) problems.push(`${id}: more than ${weekly.count} in week ${week}`);
          if (i > 0 && days[i]!.startOf('day').diff(days[i - 1]!.startOf('day'), 'days').days < weekly.apart) problems.push(`${id}: ${days[i - 1]!.toISODate()} and ${days[i]!.toISODate()} closer than ${weekly.apart} days`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('never speaks of the same invoice twice in one contact window (the local day)', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const s of sent.filter((m) => m.kind === 'reminder')) {
      const { zone, invoices } = accounts.get(s.account)!;
      const day = DateTime.fromJSDate(s.at, { zone }).toISODate();
      for (const invoice of invoices.filter((n) => s.text.includes(n))) {
        const key = `${s.account} ${invoice} ${day}`;
        if (seen.has(key)) twice.push(`${key}: ${seen.get(key)} and ${s.file}`);
        seen.set(key, s.file);
      }
    }
    expect(twice).toEqual([]);
  });

  it('consolidates: some message lists several invoices of one account', () => {
    const multi = sent.filter((s) => s.kind === 'reminder' && accounts.get(s.account)!.invoices.filter((n) => s.text.includes(n)).length > 1);
    expect(multi.length).toBeGreaterThan(0);
  });

  it('sends nothing after the debtor opted out: a STOP by SMS stops every automated channel, an email unsubscribe link stops email', () => {
    // Policy optOut.scope defaults to `account`: whoever writes STOP does not expect the emails to go on.
    expect(sent.filter((s) => s.account === 'C-1003' && s.kind !== 'receipt' && s.at >= STOP_AT)).toEqual([]);
    // The one-click link in an email (RFC 8058) is about that mailing: email stops.
    expect(sent.filter((s) => s.account === 'US-501' && s.channel === 'email' && s.kind !== 'receipt' && s.at >= unsubscribedAt)).toEqual([]);
  });

  it('marks a landline invalid for SMS after one try and reaches CO-303 by email instead', async () => {
    expect(await runtime.consents('CO-303')).toMatchObject([{ channel: 'sms', status: 'invalid', source: 'sms-provider' }]);
    expect(sent.filter((s) => s.account === 'CO-303' && s.channel === 'sms')).toEqual([]); // the one try never arrived
    expect(sent.filter((s) => s.account === 'CO-303' && s.channel === 'email').length).toBeGreaterThan(1);
  });

  it('writes SMS within the segment budget and WhatsApp only to accounts that agreed', () => {
    for (const s of sent.filter((m) => m.channel === 'sms')) expect(JSON.parse(s.text).segments).toBeLessThanOrEqual(2);
    const whatsappAccounts = new Set(sent.filter((s) => s.channel === 'whatsapp').map((s) => s.account));
    expect([...whatsappAccounts].sort()).toEqual(expect.arrayContaining(['C-1001']));
    for (const id of whatsappAccounts) expect(['C-1001', 'CO-301', 'PE-601', 'CL-701']).toContain(id);
  });
});

async function lastUnsubscribeLink(accountId: string): Promise<string> {
  const emails = (await readOutbox(join(dir, 'data', 'outbox'))).filter((s) => s.account === accountId && s.channel === 'email');
  const last = emails.sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1);
  const link = last?.text.match(/^List-Unsubscribe:\s*<([^>]+)>/m)?.[1];
  if (!link) throw new Error(`no List-Unsubscribe in the emails of ${accountId}`);
  return link;
}

function postEvent(link: string) {
  const url = new URL(link);
  return {
    version: '2.0',
    routeKey: 'POST /unsubscribe',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    queryStringParameters: Object.fromEntries(url.searchParams),
    body: 'List-Unsubscribe=One-Click',
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: url.pathname } },
  } as never;
}

async function readOutbox(root: string): Promise<Sent[]> {
  const out: Sent[] = [];
  for (const channel of ['email', 'sms', 'whatsapp'] as const) {
    const names = await readdir(join(root, channel)).catch(() => [] as string[]);
    for (const file of names) {
      const text = await readFile(join(root, channel, file), 'utf8');
      // Receipts, replies and escalation letters are not reminders: the caps and windows are about reminders.
      const kind = file.includes('_receipt-') ? 'receipt' : file.includes('_reply-') ? 'reply' : file.includes('_letter-') ? 'letter' : 'reminder';
      if (channel === 'email') {
        const header = (h: string) => text.match(new RegExp(`^${h}:\\s*(.+)$`, 'mi'))?.[1]?.trim() ?? '';
        // Quoted-printable soft line breaks would split invoice numbers: undo them for the text checks.
        const decoded = text.replace(/=\r?\n/g, '');
        out.push({ channel, file, kind, account: header('X-Cobranza-Account'), at: new Date(header('Date')), to: header('To'), text: decoded });
      } else {
        const json = JSON.parse(text) as { date: string; to: string; tags: { account: string } };
        out.push({ channel, file, kind, account: json.tags.account, at: new Date(json.date), to: json.to, text });
      }
    }
  }
  return out;
}

function everyDay(days: readonly string[], start: string, end: string): Record<string, [string, string]> {
  return Object.fromEntries(days.map((d) => [d, [start, end] as [string, string]]));
}
