import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../infra/local/runtime.js';
import type { IngestReport, Interaction } from '../../shared/domain/types.js';

/**
 * Ninety simulated days of a multi-country portfolio (CO, CL, PE, MX, US) on the embedded runtime with
 * the shipped default policy, judged on what the debtors actually receive (the outbox files) and the
 * interaction log, against what collections law and common sense require (issue #11, "Done when").
 *
 * The oracle is written here from the laws and a calendar, independently of the code under test: the
 * public holidays, the legal windows, the caps, the business-day roll of a due date and each debtor's
 * real time zone are restated by hand. Only luxon is used, for time-zone arithmetic.
 */

// ───────────────────────────── the law and the calendar, by hand ─────────────────────────────

type Country = 'CO' | 'CL' | 'PE' | 'MX' | 'US';
type Channel = 'email' | 'sms' | 'whatsapp';

/**
 * Public holidays from 23 Nov 2026 to 28 Feb 2027 (the run ends 21 Feb 2027), written from the laws:
 * - CO: Ley 51 de 1983 ("Ley Emiliani"): 8 Dec, 25 Dec and 1 Jan stay on their date; Reyes Magos
 *   (6 Jan, a Wednesday in 2027) moves to the next Monday, 11 Jan 2027.
 * - CL: Ley 2.977 (1915) and later (Ley 19.668 moves none of these): 8 Dec (Inmaculada Concepción),
 *   25 Dec, 1 Jan.
 * - PE: Decreto Legislativo 713 art. 6: 8 Dec, 25 Dec, 1 Jan; Ley 31788 (2023): 9 Dec, Batalla de Ayacucho.
 * - MX: Ley Federal del Trabajo art. 74: I 1 Jan, II first Monday of February (1 Feb 2027), VIII 25 Dec
 *   (the third Monday of November, 16 Nov 2026, is before the run; no election day in the period).
 * - US: 5 U.S.C. 6103(a): Thanksgiving (fourth Thursday of November, 26 Nov 2026), Christmas (Fri 25 Dec),
 *   New Year's Day (Fri 1 Jan, no observed shift), Martin Luther King Jr.'s birthday (third Monday of
 *   January, 18 Jan 2027), Washington's Birthday (third Monday of February, 15 Feb 2027).
 */
const HOLIDAYS: Record<Country, ReadonlySet<string>> = {
  CO: new Set(['2026-12-08', '2026-12-25', '2027-01-01', '2027-01-11']),
  CL: new Set(['2026-12-08', '2026-12-25', '2027-01-01']),
  PE: new Set(['2026-12-08', '2026-12-09', '2026-12-25', '2027-01-01']),
  MX: new Set(['2026-12-25', '2027-01-01', '2027-02-01']),
  US: new Set(['2026-11-26', '2026-12-25', '2027-01-01', '2027-01-18', '2027-02-15']),
};

/** Hours as [from, to) minutes after local midnight, per ISO weekday (1 = Monday … 7 = Sunday). */
type Week = Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, readonly [number, number]>>;
const h = (hh: number) => hh * 60;
const days = (list: readonly (1 | 2 | 3 | 4 | 5 | 6 | 7)[], from: number, to: number): Week => Object.fromEntries(list.map((d) => [d, [h(from), h(to)] as const]));

/** The legal contact window of each country, in the debtor's local time. */
const LEGAL: Record<Country, { readonly week: Week; readonly holidays: boolean; readonly source: string }> = {
  // Ley 2300 de 2023 art. 3: Monday–Friday 07:00–19:00, Saturday 08:00–15:00, never Sundays or holidays.
  CO: { week: { ...days([1, 2, 3, 4, 5], 7, 19), 6: [h(8), h(15)] }, holidays: true, source: 'CO Ley 2300 de 2023 art. 3' },
  // Ley 19.496 art. 37 (Ley 21.320): Monday–Saturday 08:00–20:00, not on holidays.
  CL: { week: days([1, 2, 3, 4, 5, 6], 8, 20), holidays: true, source: 'CL Ley 19.496 art. 37' },
  // Ley 29571 art. 62: not 20:00–07:00, not Saturdays, Sundays or holidays.
  PE: { week: days([1, 2, 3, 4, 5], 7, 20), holidays: true, source: 'PE Ley 29571 art. 62' },
  // CONDUSEF, disposiciones en materia de despachos de cobranza: 07:00–22:00 in the debtor's zone.
  MX: { week: days([1, 2, 3, 4, 5, 6, 7], 7, 22), holidays: false, source: 'MX CONDUSEF 07-22' },
  // FDCPA §805(a)(1), Reg. F §1006.6(b)(1)(i): 08:00–21:00 at the consumer's location.
  US: { week: days([1, 2, 3, 4, 5, 6, 7], 8, 21), holidays: false, source: 'US FDCPA 805(a)(1) 08-21' },
};

/** The shipped default policy's business hours: Monday–Friday 08:00–19:00 local, no public holidays of the debtor's country. */
const BUSINESS: Week = days([1, 2, 3, 4, 5], 8, 19);

const CAPS = { perDay: 1, per7Days: 3 };
const CL_WEEKLY = { count: 2, apartDays: 2 }; // Ley 19.496 art. 37: two a week, at least two days apart
const LADDER = { minMessages: 3, minDays: 21 }; // issue #11: 3 delivered collection messages, the first ≥ 21 days before

/**
 * A US debtor with no zone, no region and no telling phone: Reg. F §1006.6(b)(1)(i) — when the collector
 * cannot determine the consumer's location, a time "convenient in all of the locations at which the debt
 * collector's information indicates the consumer might be located". The information here is the country
 * code `US`, which (ISO 3166-1) means the 50 states and DC: Puerto Rico, Guam, the Virgin Islands,
 * American Samoa and the Northern Marianas have codes of their own (PR, GU, VI, AS, MP), so they are not
 * indicated by it. Every zone of the 50 states: Eastern, Central, Mountain, Arizona (no DST), Pacific,
 * Alaska, Hawaii–Aleutian (Adak) and Hawaii.
 */
const US_STATES_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'America/Adak',
  'Pacific/Honolulu',
];

// ───────────────────────────── the portfolio ─────────────────────────────

interface Inv {
  readonly number: string;
  /** YYYY-MM-DD. */
  readonly due: string;
  /** Major units. */
  readonly amount: number;
}
interface Acct {
  readonly id: string;
  readonly name: string;
  readonly taxId: string;
  readonly country: Country;
  readonly currency: string;
  readonly language: 'es' | 'en';
  readonly email?: string;
  readonly phone?: string;
  readonly timezone?: string;
  readonly region?: string;
  /** The file's channels cell (absent: no channels for this account; CO-2 is in a file without the column). */
  readonly channels?: string;
  readonly whatsapp?: boolean;
  /** The test's ground truth: every zone the debtor may really be in (one when known). */
  readonly zones: readonly string[];
  /** CO (Ley 2300 art. 2): the channels the debtor authorised (no channels column: the billing email only). */
  readonly authorised?: readonly Channel[];
  readonly invoices: readonly Inv[];
  /** Which file carries it. */
  readonly file: 'json' | 'co-csv';
  readonly why: string;
}

const PORTFOLIO: readonly Acct[] = [
  {
    id: 'CO-1', name: 'Textiles Nariño S.A.S.', taxId: '900.111.222-3', country: 'CO', currency: 'COP', language: 'es',
    email: 'cartera@textilesnarino.example.com', phone: '+57 310 555 0101', timezone: 'America/Bogota',
    channels: 'whatsapp, sms, email', whatsapp: true, zones: ['America/Bogota'], authorised: ['whatsapp', 'sms', 'email'], file: 'json',
    why: 'several authorised channels and WhatsApp opt-in; due on a Sunday, 8 Dec, 25 Dec and Reyes (11 Jan 2027)',
    invoices: [
      { number: 'CO1-1129', due: '2026-11-29', amount: 4_200_000 },
      { number: 'CO1-1208', due: '2026-12-08', amount: 6_500_000 },
      { number: 'CO1-1225', due: '2026-12-25', amount: 3_100_000 },
      { number: 'CO1-0111', due: '2027-01-11', amount: 5_750_000 },
    ],
  },
  {
    id: 'CO-2', name: 'Ferretería El Prado Ltda.', taxId: '901.222.333-4', country: 'CO', currency: 'COP', language: 'es',
    email: 'pagos@ferreteriaelprado.example.org', phone: '+57 315 555 0202', zones: ['America/Bogota'], authorised: ['email'], file: 'co-csv',
    why: 'no channels column (a mobile on file is no authorisation): the billing email only; due on a Saturday and on 1 Jan',
    invoices: [
      { number: 'CO2-1219', due: '2026-12-19', amount: 1_850_000 },
      { number: 'CO2-0101', due: '2027-01-01', amount: 2_400_000 },
    ],
  },
  {
    id: 'CO-3', name: 'Distribuciones Caribe S.A.S.', taxId: '900.333.444-5', country: 'CO', currency: 'COP', language: 'es',
    email: 'tesoreria@distcaribe.example.com', phone: '+57 300 555 0303', channels: 'email, sms', zones: ['America/Bogota'], authorised: ['email', 'sms'], file: 'json',
    why: 'an old debt loaded fresh (200 days late) and an invoice not yet due (a letter must list it apart)',
    invoices: [
      { number: 'CO3-0507', due: '2026-05-07', amount: 8_900_000 },
      { number: 'CO3-0315', due: '2027-03-15', amount: 2_000_000 },
    ],
  },
  {
    id: 'CL-1', name: 'Viña Los Andes SpA', taxId: '76.111.222-3', country: 'CL', currency: 'CLP', language: 'es',
    email: 'pagos@vinalosandes.example.com', phone: '+56 9 5555 0101', timezone: 'America/Santiago',
    channels: 'whatsapp, email', whatsapp: true, zones: ['America/Santiago'], file: 'json',
    why: 'close due dates (Sat 5, Tue 8 (holiday), Thu 10, Mon 14 Dec): two a week, two days apart',
    invoices: [
      { number: 'CL1-1205', due: '2026-12-05', amount: 850_000 },
      { number: 'CL1-1208', due: '2026-12-08', amount: 1_200_000 },
      { number: 'CL1-1210', due: '2026-12-10', amount: 640_000 },
      { number: 'CL1-1214', due: '2026-12-14', amount: 2_300_000 },
    ],
  },
  {
    id: 'CL-2', name: 'Pesquera Austral Ltda.', taxId: '77.222.333-4', country: 'CL', currency: 'CLP', language: 'es',
    email: 'finanzas@pesqueraaustral.example.com', phone: '+56 9 5555 0202', timezone: 'America/Santiago', channels: 'email, sms',
    zones: ['America/Santiago'], file: 'json',
    why: 'an old debt loaded fresh and an invoice due on 1 Jan (not yet due at the first letter)',
    invoices: [
      { number: 'CL2-0507', due: '2026-05-07', amount: 4_500_000 },
      { number: 'CL2-0101', due: '2027-01-01', amount: 900_000 },
    ],
  },
  {
    id: 'PE-1', name: 'Agroexportadora del Sur S.A.C.', taxId: '20111222333', country: 'PE', currency: 'PEN', language: 'es',
    email: 'cobranzas@agrosur.example.com', phone: '+51 987 555 101', channels: 'email, sms', zones: ['America/Lima'], file: 'json',
    why: 'due on 8 and 9 Dec (two holidays in a row) and a Sunday; an absurd due date (1900-01-01)',
    invoices: [
      { number: 'PE1-1208', due: '2026-12-08', amount: 12_400 },
      { number: 'PE1-1209', due: '2026-12-09', amount: 8_300 },
      { number: 'PE1-1227', due: '2026-12-27', amount: 5_600 },
      { number: 'PE1-1900', due: '1900-01-01', amount: 3_300 },
    ],
  },
  {
    id: 'PE-2', name: 'Minera Cordillera S.A.', taxId: '20222333444', country: 'PE', currency: 'PEN', language: 'es',
    email: 'pagos@mineracordillera.example.com', phone: '+51 987 555 202', channels: 'email, sms', zones: ['America/Lima'], file: 'json',
    why: 'an old debt loaded fresh and a late invoice it disputes by SMS on day 3 (never to be demanded)',
    invoices: [
      { number: 'PE2-0507', due: '2026-05-07', amount: 38_000 },
      { number: 'PE2-0901', due: '2026-09-01', amount: 9_750 },
    ],
  },
  {
    id: 'MX-1', name: 'Abarrotes Del Valle SA de CV', taxId: 'ADV100101AB1', country: 'MX', currency: 'MXN', language: 'es',
    email: 'cxp@abarrotesdelvalle.example.com', phone: '+52 55 5555 0101', timezone: 'America/Mexico_City',
    channels: 'whatsapp, email', whatsapp: true, zones: ['America/Mexico_City'], file: 'json',
    why: 'close due dates around Christmas (24, 25 (holiday), 28, 31 Dec) and 1 Feb 2027 (holiday); the 25 Dec one is paid by a bank statement on 22 Dec',
    invoices: [
      { number: 'MX1-1224', due: '2026-12-24', amount: 18_200 },
      { number: 'MX1-1225', due: '2026-12-25', amount: 23_450 },
      { number: 'MX1-1228', due: '2026-12-28', amount: 9_900 },
      { number: 'MX1-1231', due: '2026-12-31', amount: 14_750 },
      { number: 'MX1-0201', due: '2027-02-01', amount: 31_000 },
    ],
  },
  {
    id: 'MX-2', name: 'Maquiladora Frontera SA de CV', taxId: 'MFR090909CD2', country: 'MX', currency: 'MXN', language: 'es',
    email: 'cuentasporpagar@maqfrontera.example.com', region: 'Baja California', zones: ['America/Tijuana'], file: 'json',
    why: 'Baja California (region column only): its real zone is America/Tijuana; an old debt loaded fresh',
    invoices: [
      { number: 'MX2-0507', due: '2026-05-07', amount: 86_400 },
      { number: 'MX2-1215', due: '2026-12-15', amount: 12_300 },
    ],
  },
  {
    id: 'MX-3', name: 'Comercializadora Sin Fecha SA de CV', taxId: 'CSF010101EF3', country: 'MX', currency: 'MXN', language: 'es',
    email: 'pagos@sinfecha.example.com', timezone: 'America/Mexico_City', zones: ['America/Mexico_City'], file: 'json',
    why: 'its only invoice is due 1900-01-01: nothing automatic may reach it',
    invoices: [{ number: 'MX3-1900', due: '1900-01-01', amount: 7_700 }],
  },
  {
    id: 'MX-4', name: 'Papelera del Norte SA de CV', taxId: 'PNO050505GH4', country: 'MX', currency: 'MXN', language: 'es',
    email: 'pagos@papeleranorte.example.com', timezone: 'America/Mexico_City', zones: ['America/Mexico_City'], file: 'json',
    why: 'paid in full by the bank statement of 22 Dec with its d+7 step still ahead',
    invoices: [{ number: 'MX4-1216', due: '2026-12-16', amount: 15_800 }],
  },
  {
    id: 'US-1', name: 'Sunset Outfitters LLC', taxId: '95-1112223', country: 'US', currency: 'USD', language: 'en',
    email: 'ap@sunsetoutfitters.example.com', phone: '+1 213 555 0147', zones: ['America/Los_Angeles'], file: 'json',
    why: 'no zone or region, only a Los Angeles phone (213): its real zone is America/Los_Angeles; due on Thanksgiving, Christmas and MLK day',
    invoices: [
      { number: 'US1-1126', due: '2026-11-26', amount: 3_250 },
      { number: 'US1-1225', due: '2026-12-25', amount: 4_100 },
      { number: 'US1-0118', due: '2027-01-18', amount: 2_875.5 },
    ],
  },
  {
    id: 'US-2', name: 'Prairie Holdings Inc.', taxId: '47-2223334', country: 'US', currency: 'USD', language: 'en',
    email: 'payables@prairieholdings.example.com', zones: US_STATES_ZONES, file: 'json',
    why: 'no zone, region or phone: every US zone must allow the moment; an old debt loaded fresh and an invoice due 1 Jan',
    invoices: [
      { number: 'US2-0507', due: '2026-05-07', amount: 7_800 },
      { number: 'US2-0101', due: '2027-01-01', amount: 1_250 },
    ],
  },
  {
    id: 'US-3', name: 'Harborview Supply Co.', taxId: '04-3334445', country: 'US', currency: 'USD', language: 'en',
    email: 'ap@harborviewsupply.example.com', phone: '+1 617 555 0199', timezone: 'America/New_York', channels: 'sms, email',
    zones: ['America/New_York'], file: 'json',
    why: 'due on 31 Dec and on Washington’s Birthday (15 Feb 2027), SMS first',
    invoices: [
      { number: 'US3-1231', due: '2026-12-31', amount: 6_400 },
      { number: 'US3-0215', due: '2027-02-15', amount: 2_200 },
    ],
  },
];

const ACCOUNTS = new Map(PORTFOLIO.map((a) => [a.id, a]));
const INVOICES = new Map(PORTFOLIO.flatMap((a) => a.invoices.map((i) => [i.number, { ...i, account: a }] as const)));
const ABSURD = PORTFOLIO.flatMap((a) => a.invoices.filter((i) => i.due < '2000-01-01').map((i) => i.number));

const START = new Date('2026-11-23T14:00:00Z'); // Monday, 08:00 in Mexico City (as the demo)
const DAY = 86_400_000;
const RUN_DAYS = 90;
const PAYMENT_DAY = 29; // Tue 22 Dec 2026 14:00 UTC
const DISPUTE_DAY = 3; // Thu 26 Nov 2026 14:00 UTC (09:00 in Lima)
const PAID = ['MX1-1225', 'MX4-1216'];
const DISPUTED = { account: 'PE-2', invoice: 'PE2-0901', text: 'No reconocemos la factura PE2-0901, la mercadería llegó dañada.' };

// ───────────────────────────── the run ─────────────────────────────

interface Sent {
  readonly channel: Channel;
  readonly file: string;
  readonly messageId: string;
  readonly account: string;
  readonly at: Date;
  readonly kind: 'reminder' | 'letter' | 'receipt' | 'reply' | 'unknown';
  /** Everything the debtor reads (decoded email parts, or the SMS / WhatsApp JSON). */
  readonly text: string;
  /** An email's decoded text/plain part (the letter's text). */
  readonly plain: string;
}

let dir: string;
let runtime: Runtime;
let all: Sent[];
let collection: Sent[];
let failed: Set<string>;
const logs = new Map<string, Interaction[]>();
const reports: IngestReport[] = [];
let paidAt: Map<string, Date>;
let disputedAt: Date;
let reconcileAt: Date;
let reconcileApplied = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobranza-90d-'));
  runtime = await Runtime.open({ dataDir: join(dir, 'data'), now: START, inMemory: true });
  await writeFile(join(dir, 'cartera-multipais.json'), portfolioJson());
  await writeFile(join(dir, 'cartera-co-sin-canales.csv'), coCsv());
  reports.push(await runtime.ingest(join(dir, 'cartera-multipais.json')));
  reports.push(await runtime.ingest(join(dir, 'cartera-co-sin-canales.csv')));

  for (let day = 1; day <= RUN_DAYS; day += 1) {
    await runtime.advance(DAY);
    if (day === DISPUTE_DAY) {
      disputedAt = runtime.clock.now();
      await runtime.reply(DISPUTED.account, 'sms', DISPUTED.text);
    }
    if (day === PAYMENT_DAY) {
      await writeFile(join(dir, 'estado-cuenta-2026-12.csv'), statementCsv());
      reconcileAt = runtime.clock.now();
      const report = await runtime.reconcile(join(dir, 'estado-cuenta-2026-12.csv'), { currency: 'MXN' });
      reconcileApplied = report.applied;
    }
  }

  for (const { id } of PORTFOLIO) logs.set(id, await runtime.interactions(id));
  // A message whose delivery failed permanently never reached the debtor (as in the 60-day test).
  failed = new Set<string>();
  for (const lines of logs.values()) for (const l of lines) if (l.type === 'message.failed' && l.detail?.startsWith('permanent') && l.reminderId) failed.add(l.reminderId);
  all = (await readOutbox(join(dir, 'data', 'outbox'))).filter((s) => !failed.has(s.messageId)).sort((a, b) => a.at.getTime() - b.at.getTime());
  collection = all.filter((s) => s.kind === 'reminder' || s.kind === 'letter' || s.kind === 'unknown');
  paidAt = new Map();
  for (const lines of logs.values()) {
    for (const l of lines) {
      if (l.type === 'invoice.paid' && l.invoiceNumber && !paidAt.has(l.invoiceNumber)) paidAt.set(l.invoiceNumber, new Date(l.at));
    }
  }
  printSummary();
}, 900_000);

afterAll(async () => {
  await runtime?.close();
  // KEEP_SIM=1 keeps the data dir (outbox included) to read after a failure.
  if (dir && !process.env.KEEP_SIM) await rm(dir, { recursive: true, force: true });
});

describe('90 days of a CO, CL, PE, MX and US portfolio under the default policy', () => {
  it('loads every invoice, the absurd due dates with a warning', () => {
    const rejected = reports.flatMap((r) => r.rejected);
    expect(rejected).toEqual([]);
    expect(reports.reduce((n, r) => n + r.accepted, 0)).toBe(INVOICES.size);
    const warned = JSON.stringify(reports.map((r) => r.warnings));
    for (const n of ABSURD) expect(warned).toContain(n);
  });

  it('every outbox file is a reminder, a letter, a receipt or a reply', () => {
    expect(all.filter((s) => s.kind === 'unknown').map((s) => s.file)).toEqual([]);
    expect(all.filter((s) => !ACCOUNTS.has(s.account)).map((s) => s.file)).toEqual([]);
  });

  it("sends collection messages only inside the legal window and the business hours of the debtor's real zone, never on its country's holidays", () => {
    const problems: string[] = [];
    for (const s of collection) {
      const a = ACCOUNTS.get(s.account)!;
      for (const zone of a.zones) {
        const local = DateTime.fromJSDate(s.at, { zone });
        const why = [
          ...(inWeek(LEGAL[a.country].week, local) ? [] : [`outside the legal window (${LEGAL[a.country].source})`]),
          ...(LEGAL[a.country].holidays && HOLIDAYS[a.country].has(local.toISODate()!) ? [`on a public holiday (${LEGAL[a.country].source})`] : []),
          ...(inWeek(BUSINESS, local) ? [] : ['outside business hours (policy: Mon–Fri 08:00–19:00 local)']),
          ...(HOLIDAYS[a.country].has(local.toISODate()!) ? ['on a public holiday of the debtor’s country (policy)'] : []),
        ];
        if (why.length > 0) problems.push(violation(s, zone, why.join('; ')));
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps to one collection message per account per local day and three per rolling 7 × 24 h', () => {
    const problems: string[] = [];
    for (const a of PORTFOLIO) {
      const mine = collection.filter((s) => s.account === a.id);
      for (const zone of a.zones) {
        const byDay = new Map<string, Sent[]>();
        for (const s of mine) {
          const day = DateTime.fromJSDate(s.at, { zone }).toISODate()!;
          byDay.set(day, [...(byDay.get(day) ?? []), s]);
        }
        for (const [day, list] of byDay) {
          if (list.length > CAPS.perDay) problems.push(`${a.id}: ${list.length} collection messages on ${day} (${zone}), cap ${CAPS.perDay} a day: ${list.map((s) => describe1(s, zone)).join(' | ')}`);
        }
      }
      for (const [i, s] of mine.entries()) {
        const window = mine.slice(0, i + 1).filter((o) => s.at.getTime() - o.at.getTime() < 7 * DAY);
        if (window.length > CAPS.per7Days) problems.push(`${a.id}: ${window.length} collection messages in the 7 × 24 h up to ${s.at.toISOString()}, cap ${CAPS.per7Days}: ${window.map((o) => describe1(o, a.zones[0]!)).join(' | ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('Colombia: only the channels the debtor authorised, and one channel in any rolling 7 days (Ley 2300 de 2023 arts. 2–3)', () => {
    const problems: string[] = [];
    for (const a of PORTFOLIO.filter((x) => x.country === 'CO')) {
      const mine = collection.filter((s) => s.account === a.id);
      for (const s of mine) if (!a.authorised!.includes(s.channel)) problems.push(violation(s, a.zones[0]!, `channel ${s.channel} not authorised (authorised: ${a.authorised!.join(', ')}; Ley 2300 art. 2)`));
      for (const [i, s] of mine.entries()) {
        for (const o of mine.slice(0, i)) {
          if (s.at.getTime() - o.at.getTime() < 7 * DAY && o.channel !== s.channel) {
            problems.push(violation(s, a.zones[0]!, `${s.channel} less than 7 × 24 h after ${o.channel} ${describe1(o, a.zones[0]!)} (Ley 2300 art. 3: one channel a week)`));
          }
        }
      }
    }
    // CO-2 has no channels column: nothing but email, of any kind, ever reaches it.
    expect(all.filter((s) => s.account === 'CO-2' && s.channel !== 'email').map((s) => s.file)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('Chile: at most two collection messages in any rolling 7 × 24 h, two calendar days apart (Ley 19.496 art. 37)', () => {
    const problems: string[] = [];
    for (const a of PORTFOLIO.filter((x) => x.country === 'CL')) {
      const zone = a.zones[0]!;
      const mine = collection.filter((s) => s.account === a.id);
      for (const [i, s] of mine.entries()) {
        const window = mine.slice(0, i + 1).filter((o) => s.at.getTime() - o.at.getTime() < 7 * DAY);
        if (window.length > CL_WEEKLY.count) problems.push(`${a.id}: ${window.length} in the 7 × 24 h up to ${describe1(s, zone)}: ${window.map((o) => describe1(o, zone)).join(' | ')}`);
        const previous = mine[i - 1];
        if (previous) {
          const apart = DateTime.fromJSDate(s.at, { zone }).startOf('day').diff(DateTime.fromJSDate(previous.at, { zone }).startOf('day'), 'days').days;
          if (apart < CL_WEEKLY.apartDays) problems.push(violation(s, zone, `${apart} calendar day(s) after ${describe1(previous, zone)} (CL: two days apart)`));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('sends a pre-legal letter only after the ladder: 3 collection messages delivered, the first 21 local days before, friendly → firm → formal', () => {
    const problems: string[] = [];
    for (const letter of collection.filter((s) => s.kind === 'letter')) {
      const a = ACCOUNTS.get(letter.account)!;
      const before = collection.filter((s) => s.account === a.id && s.at.getTime() < letter.at.getTime());
      if (before.length < LADDER.minMessages) problems.push(violation(letter, a.zones[0]!, `only ${before.length} collection message(s) before the letter (ladder: ${LADDER.minMessages})`));
      const first = before[0];
      for (const zone of a.zones) {
        const gap = first ? DateTime.fromJSDate(letter.at, { zone }).startOf('day').diff(DateTime.fromJSDate(first.at, { zone }).startOf('day'), 'days').days : 0;
        if (gap < LADDER.minDays) problems.push(violation(letter, zone, `first contact ${first ? describe1(first, zone) : 'never'}: ${gap} local days before the letter (ladder: ${LADDER.minDays})`));
      }
      const tones = before.map((s) => toneOf(s));
      const ladder = ['friendly', 'firm', 'formal'];
      let k = 0;
      for (const tone of tones) if (tone === ladder[k]) k += 1;
      if (k < ladder.length) problems.push(violation(letter, a.zones[0]!, `the messages before it were ${tones.join(' → ') || 'none'}: no friendly → firm → formal ladder`));
    }
    expect(problems).toEqual([]);
  });

  it('demands in a letter only invoices overdue (business-day roll) and not paid or disputed at its date, and totals only those', () => {
    const problems: string[] = [];
    for (const letter of collection.filter((s) => s.kind === 'letter')) {
      const a = ACCOUNTS.get(letter.account)!;
      const parsed = parseLetter(letter.plain, a.language, a.currency);
      if (parsed.demanded.length === 0) problems.push(violation(letter, a.zones[0]!, 'no demand line found ("- Factura" / "- Invoice")'));
      for (const line of parsed.demanded) {
        const inv = INVOICES.get(line.number);
        if (!inv || inv.account.id !== a.id) {
          problems.push(violation(letter, a.zones[0]!, `demands ${line.number}, not an invoice of ${a.id}`));
          continue;
        }
        for (const zone of a.zones) {
          const today = DateTime.fromJSDate(letter.at, { zone }).toISODate()!;
          const businessDue = rollToBusinessDay(inv.due, a.country);
          if (!(businessDue < today)) problems.push(violation(letter, zone, `demands ${line.number}, due ${inv.due} (business day ${businessDue}): not overdue on ${today}`));
        }
        const paid = paidAt.get(line.number);
        if (paid && paid.getTime() <= letter.at.getTime()) problems.push(violation(letter, a.zones[0]!, `demands ${line.number}, paid at ${paid.toISOString()}`));
        if (line.number === DISPUTED.invoice && disputedAt.getTime() <= letter.at.getTime()) problems.push(violation(letter, a.zones[0]!, `demands ${line.number}, disputed at ${disputedAt.toISOString()}`));
        if (line.amount !== minor(inv.amount, inv.account.currency)) problems.push(violation(letter, a.zones[0]!, `demands ${line.number} for ${line.amountText}, its balance is ${inv.amount} ${a.currency}`));
      }
      const sum = parsed.demanded.reduce((n, l) => n + l.amount, 0);
      if (parsed.total === undefined) problems.push(violation(letter, a.zones[0]!, 'no overdue total found'));
      else if (parsed.total !== sum) problems.push(violation(letter, a.zones[0]!, `overdue total ${parsed.totalText} is not the sum of the demanded lines (${sum} minor units of ${a.currency})`));
      for (const n of ABSURD) if (letter.text.includes(n)) problems.push(violation(letter, a.zones[0]!, `names ${n} (due 1900-01-01)`));
    }
    expect(problems).toEqual([]);
  });

  it('says nothing about an invoice after it was paid (receipts and replies aside)', () => {
    const problems: string[] = [];
    for (const [number, at] of paidAt) {
      const inv = INVOICES.get(number)!;
      for (const s of collection.filter((m) => m.account === inv.account.id && m.at.getTime() > at.getTime() && names(m.text, number))) {
        problems.push(violation(s, inv.account.zones[0]!, `names ${number}, paid at ${at.toISOString()}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('sends nothing automated at all about an invoice due 1900-01-01', () => {
    const problems = all.filter((s) => ABSURD.some((n) => names(s.text, n))).map((s) => violation(s, ACCOUNTS.get(s.account)!.zones[0]!, `names ${ABSURD.filter((n) => names(s.text, n)).join(', ')} (due 1900-01-01)`));
    // MX-3's only invoice is the absurd one: nothing may reach it at all.
    problems.push(...all.filter((s) => s.account === 'MX-3').map((s) => violation(s, 'America/Mexico_City', 'MX-3 owes only an invoice due 1900-01-01')));
    expect(problems).toEqual([]);
  });

  it('exercised every rule: channels across weeks in CO, letters, holiday deferrals, unknown zones, CL pairs, a payment and a dispute mid-run', () => {
    const coverage: Record<string, boolean> = {};
    // A CO account heard from us on two channels, in different calendar weeks (Bogotá).
    coverage['CO account on two channels in different weeks'] = PORTFOLIO.some((a) => {
      const mine = collection.filter((s) => s.account === a.id);
      const week = (s: Sent) => DateTime.fromJSDate(s.at, { zone: a.zones[0]! }).startOf('week').toISODate();
      return a.country === 'CO' && mine.some((s) => mine.some((o) => o.channel !== s.channel && week(o) !== week(s)));
    });
    coverage['CO-2 reached by email'] = collection.some((s) => s.account === 'CO-2');
    const letters = collection.filter((s) => s.kind === 'letter');
    coverage['at least 3 letters'] = letters.length >= 3;
    coverage['a letter listing a not-yet-due invoice apart'] = letters.some((l) => parseLetter(l.plain, ACCOUNTS.get(l.account)!.language, ACCOUNTS.get(l.account)!.currency).apart.length > 0);
    coverage['a letter to the disputing account'] = letters.some((l) => l.account === DISPUTED.account);
    coverage['a letter to the debtor of unknown zone (US-2)'] = letters.some((l) => l.account === 'US-2');
    coverage['a letter to the Tijuana debtor (MX-2)'] = letters.some((l) => l.account === 'MX-2');
    // Deferred over a holiday: the gate logged a holiday deferral, or a step of an invoice due on a
    // holiday went out on a later day (the planner moved it).
    const logDeferrals = [...logs.values()].flat().filter((l) => (l.type === 'reminder.deferred' || l.type === 'letter.deferred') && /holiday/i.test(l.detail ?? ''));
    const movedOffHoliday = collection.filter((s) => {
      const a = ACCOUNTS.get(s.account)!;
      const local = DateTime.fromJSDate(s.at, { zone: a.zones[0]! }).toISODate()!;
      return a.invoices.some((i) => HOLIDAYS[a.country].has(i.due) && names(s.text, i.number) && local === rollToBusinessDay(i.due, a.country));
    });
    coverage['a message deferred over a holiday'] = logDeferrals.length + movedOffHoliday.length > 0;
    coverage['US-2 (zone unknown) contacted'] = collection.some((s) => s.account === 'US-2');
    coverage['US-1 (LA phone) contacted'] = collection.some((s) => s.account === 'US-1');
    coverage['MX-2 (Tijuana) contacted'] = collection.some((s) => s.account === 'MX-2');
    coverage['a CL account contacted twice within 7 days'] = PORTFOLIO.some((a) => {
      const mine = collection.filter((s) => s.account === a.id);
      return a.country === 'CL' && mine.some((s, i) => i > 0 && s.at.getTime() - mine[i - 1]!.at.getTime() < 7 * DAY);
    });
    coverage['the statement applied both payments mid-run'] = reconcileApplied === PAID.length && PAID.every((n) => paidAt.has(n) && Math.abs(paidAt.get(n)!.getTime() - reconcileAt.getTime()) < DAY);
    coverage['MX-1 heard from us after the payment'] = collection.some((s) => s.account === 'MX-1' && s.at.getTime() > (paidAt.get('MX1-1225')?.getTime() ?? Infinity));
    coverage['a receipt was sent'] = all.some((s) => s.kind === 'receipt');
    coverage['the dispute was understood'] = logs.get(DISPUTED.account)!.some((l) => l.type === 'reply.received' && /dispute/i.test(`${l.detail ?? ''} ${JSON.stringify(l.data ?? {})}`));
    coverage['a consolidated message (several invoices)'] = collection.some((s) => ACCOUNTS.get(s.account)!.invoices.filter((i) => names(s.text, i.number)).length > 1);
    expect(Object.entries(coverage).filter(([, ok]) => !ok).map(([what]) => what)).toEqual([]);
  });
});

// ───────────────────────────── the oracle's helpers ─────────────────────────────

function inWeek(week: Week, local: DateTime): boolean {
  const hours = week[local.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7];
  if (!hours) return false;
  const minutes = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
  return minutes >= hours[0] && minutes < hours[1];
}

/** A due date on a Saturday, Sunday or public holiday counts from the next business day. */
function rollToBusinessDay(date: string, country: Country): string {
  let d = DateTime.fromISO(date, { zone: 'UTC' });
  while (d.weekday >= 6 || HOLIDAYS[country].has(d.toISODate()!)) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

function minor(amount: number, currency: string): number {
  return Math.round(amount * (currency === 'CLP' ? 1 : 100));
}

function names(text: string, invoiceNumber: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9])${invoiceNumber.replace(/[-]/g, '\\-')}(?![0-9])`).test(text);
}

interface DemandLine {
  readonly number: string;
  readonly amount: number;
  readonly amountText: string;
}

/**
 * The letter's demand lines ("- Factura N: amount, vencida el …" / "- Invoice N: amount, due …") and its
 * overdue total ("asciende a X, integrado por" / "amounts to X, made up of"). Lines in the paragraph that
 * opens "Para su información" / "For your information" are listed apart; every other invoice line counts
 * as demanded. Amounts are read in minor units (amountOf).
 */
function parseLetter(text: string, language: 'es' | 'en', currency: string): { demanded: DemandLine[]; apart: DemandLine[]; total?: number; totalText?: string } {
  const paragraphs = text.replace(/\r\n/g, '\n').split(/\n\s*\n/);
  const demanded: DemandLine[] = [];
  const apart: DemandLine[] = [];
  for (const p of paragraphs) {
    const isApart = /^\s*(Para su información|For your information)/i.test(p);
    for (const line of p.split('\n')) {
      const m = line.match(/^\s*-\s*(?:Factura|Invoice)\s+(\S+?):\s*(.+?),\s*(?:vencida|vence|due)\b/i);
      if (!m) continue;
      const entry = { number: m[1]!, amountText: m[2]!, amount: amountOf(m[2]!, currency) };
      (isApart ? apart : demanded).push(entry);
    }
  }
  const t = language === 'es' ? text.match(/asciende a\s+(.+?),\s+integrad[oa] por/s) : text.match(/amounts to\s+(.+?),\s+made up of/s);
  return { demanded, apart, ...(t ? { total: amountOf(t[1]!, currency), totalText: t[1]!.replace(/\s+/g, ' ') } : {}) };
}

/**
 * A displayed amount in minor units of `currency`, whatever the locale's separators: the last `.` or `,`
 * followed by one or two digits at the end is the decimal one (`$ 8.900.000` is eight million nine
 * hundred thousand, `S/ 38,000.00` thirty-eight thousand).
 */
function amountOf(money: string, currency: string): number {
  const clean = money.replace(/[^0-9.,]/g, '');
  const decimals = clean.match(/[.,](\d{1,2})$/);
  const whole = Number((decimals ? clean.slice(0, -decimals[0].length) : clean).replace(/[.,]/g, ''));
  const fraction = decimals ? Number(decimals[1]!.padEnd(2, '0')) : 0;
  return currency === 'CLP' ? whole : whole * 100 + fraction;
}

function toneOf(s: Sent): string | undefined {
  if (s.kind === 'letter') return 'formal';
  const line = logs.get(s.account)!.find((l) => l.type === 'message.sent' && (l.data?.messageId === s.messageId || l.reminderId === s.messageId));
  return typeof line?.data?.tone === 'string' ? line.data.tone : undefined;
}

function describe1(s: Sent, zone: string): string {
  return `${s.channel} ${s.file} at ${DateTime.fromJSDate(s.at, { zone }).toFormat('ccc yyyy-MM-dd HH:mm:ss')} ${zone}`;
}

/** One violation, precisely: account, file, local time, rule, and what the log says about why it went out. */
function violation(s: Sent, zone: string, rule: string): string {
  return `${s.account} ${s.kind} ${describe1(s, zone)}: ${rule}\n      log: ${explain(s).join('\n           ')}`;
}

/** The log lines about this message: its dispatch, the reminders it carried, their schedules and deferrals. */
function explain(s: Sent): string[] {
  const lines = logs.get(s.account) ?? [];
  const mine = lines.filter((l) => l.reminderId === s.messageId || l.data?.messageId === s.messageId || (s.kind === 'letter' && l.reminderId !== undefined && s.messageId.startsWith(l.reminderId)));
  const reminders = new Set(mine.filter((l) => l.type === 'reminder.dispatched' || l.type === 'reminder.merged').map((l) => l.reminderId));
  const related = lines.filter((l) => l.reminderId !== undefined && reminders.has(l.reminderId) && !mine.includes(l));
  const letterLines = s.kind === 'letter' ? lines.filter((l) => l.type.startsWith('letter.') && Math.abs(Date.parse(l.at) - s.at.getTime()) < 2 * DAY && !mine.includes(l)) : [];
  return [...related, ...mine, ...letterLines]
    .sort((a, b) => a.at.localeCompare(b.at))
    .map((l) => `${l.at} ${l.type}${l.channel ? ` ${l.channel}` : ''}: ${(l.detail ?? '').slice(0, 220)}`);
}

// ───────────────────────────── files in, outbox out ─────────────────────────────

function portfolioJson(): string {
  const rows = PORTFOLIO.filter((a) => a.file === 'json').flatMap((a) =>
    a.invoices.map((i) => ({
      invoice_number: i.number,
      customer_id: a.id,
      customer_name: a.name,
      tax_id: a.taxId,
      ...(a.email ? { email: a.email } : {}),
      ...(a.phone ? { phone: a.phone } : {}),
      country: a.country,
      currency: a.currency,
      amount: i.amount,
      balance: i.amount,
      due_date: i.due,
      status: 'open',
      ...(a.timezone ? { timezone: a.timezone } : {}),
      ...(a.region ? { region: a.region } : {}),
      language: a.language,
      ...(a.channels ? { channels: a.channels } : {}),
      ...(a.whatsapp !== undefined ? { whatsapp_opt_in: a.whatsapp } : {}),
    })),
  );
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** A Colombian ERP export without a channels column: Colombian pesos `1.850.000,00`, dates DD/MM/YYYY. */
function coCsv(): string {
  const cop = (n: number) => `${n.toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const ddmmyyyy = (iso: string) => iso.split('-').reverse().join('/');
  const rows = PORTFOLIO.filter((a) => a.file === 'co-csv').flatMap((a) =>
    a.invoices.map((i) => [i.number, a.id, a.name, a.taxId, a.email ?? '', a.phone?.replace(/^\+57 /, '') ?? '', a.country, cop(i.amount), cop(i.amount), ddmmyyyy(i.due)].join(';')),
  );
  return ['Número Factura;Código Cliente;Nombre Cliente;NIT;Email;Celular;País;Valor Total;Saldo Pendiente;Fecha Vencimiento', ...rows, ''].join('\n');
}

/** A Mexican bank statement (SPEI credits) paying MX1-1225 and MX4-1216 in full on 21 Dec 2026. */
function statementCsv(): string {
  const mxn = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const a = INVOICES.get('MX1-1225')!;
  const b = INVOICES.get('MX4-1216')!;
  return [
    'Estado de cuenta;BANCO EJEMPLO;Cuenta 0123456789;CLABE 012180001234567897',
    'Periodo;21/12/2026 al 21/12/2026',
    '',
    'Fecha;Concepto;Referencia;Cargo;Abono;Saldo',
    `21/12/2026;SPEI RECIBIDO ABARROTES DEL VALLE SA DE CV;PAGO FACTURA MX1-1225;;${mxn(a.amount)};${mxn(1_000_000 + a.amount)}`,
    `21/12/2026;SPEI RECIBIDO PAPELERA DEL NORTE SA DE CV;PAGO FACT MX4-1216;;${mxn(b.amount)};${mxn(1_000_000 + a.amount + b.amount)}`,
    '',
  ].join('\n');
}

async function readOutbox(root: string): Promise<Sent[]> {
  const out: Sent[] = [];
  for (const channel of ['email', 'sms', 'whatsapp'] as const) {
    const files = await readdir(join(root, channel)).catch(() => [] as string[]);
    for (const file of files) {
      const raw = await readFile(join(root, channel, file), 'utf8');
      const stamp = file.slice(0, file.indexOf('_'));
      const at = new Date(stamp.replace(/T(\d\d)-(\d\d)-(\d\d)/, 'T$1:$2:$3'));
      const messageId = file.slice(file.indexOf('_') + 1).replace(/\.(eml|json)$/, '');
      const kind = messageId.startsWith('receipt-') ? 'receipt' : messageId.startsWith('reply-') ? 'reply' : messageId.startsWith('letter-') ? 'letter' : messageId.startsWith('m-') ? 'reminder' : 'unknown';
      if (channel === 'email') {
        const mail = parseEmail(raw);
        out.push({ channel, file, messageId, kind, at, account: mail.header('X-Cobranza-Account'), text: `${mail.header('Subject')}\n${mail.plain}\n${mail.html}`, plain: mail.plain });
      } else {
        const json = JSON.parse(raw) as { tags: { account: string } };
        out.push({ channel, file, messageId, kind, at, account: json.tags.account, text: raw, plain: raw });
      }
    }
  }
  return out;
}

/** Just enough MIME: unfolded headers, and the text/plain and text/html parts decoded (quoted-printable or base64). */
function parseEmail(raw: string): { header: (name: string) => string; plain: string; html: string } {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const head = text.slice(0, split).replace(/\n[ \t]+/g, ' ');
  const header = (name: string) => head.match(new RegExp(`^${name}:\\s*(.*)$`, 'mi'))?.[1]?.trim() ?? '';
  const parts = { plain: '', html: '' };
  const walk = (block: string) => {
    const cut = block.indexOf('\n\n');
    const h = block.slice(0, cut < 0 ? block.length : cut).replace(/\n[ \t]+/g, ' ');
    const body = cut < 0 ? '' : block.slice(cut + 2);
    const type = h.match(/^Content-Type:\s*([^;\n]+)(.*)$/im);
    const boundary = type?.[2]?.match(/boundary="?([^";\n]+)"?/i)?.[1];
    if (boundary) {
      for (const part of body.split(`--${boundary}`).slice(1)) if (!part.startsWith('--')) walk(part.replace(/^\n/, ''));
      return;
    }
    const encoding = h.match(/^Content-Transfer-Encoding:\s*(\S+)/im)?.[1]?.toLowerCase();
    const decoded = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : encoding === 'quoted-printable' ? decodeQp(body) : body;
    const mime = type?.[1]?.trim().toLowerCase() ?? 'text/plain';
    if (mime === 'text/plain') parts.plain += decoded;
    else if (mime === 'text/html') parts.html += decoded;
  };
  walk(text);
  return { header, ...parts };
}

function decodeQp(body: string): string {
  const soft = body.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i += 1) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** What the run produced, per account (printed once: the evidence behind the assertions). */
function printSummary(): void {
  const lines = PORTFOLIO.map((a) => {
    const mine = all.filter((s) => s.account === a.id);
    const count = (k: Sent['kind']) => mine.filter((s) => s.kind === k).length;
    const channels = [...new Set(mine.filter((s) => s.kind === 'reminder' || s.kind === 'letter').map((s) => s.channel))].join('+') || '-';
    return `${a.id.padEnd(5)} ${a.country} ${a.zones.length > 1 ? `${a.zones.length} zones` : a.zones[0]!.padEnd(20)} reminders ${count('reminder')}, letters ${count('letter')}, receipts ${count('receipt')}, replies ${count('reply')} (${channels})`;
  });
  console.info(
    [
      `90-day simulation: ${all.length} outbox files (${collection.length} collection messages), ${failed.size} failed permanently (excluded)`,
      ...lines,
      `paid: ${[...paidAt].map(([n, at]) => `${n} at ${at.toISOString()}`).join(', ') || 'nothing'}; dispute by ${DISPUTED.account} at ${disputedAt?.toISOString()}`,
    ].join('\n'),
  );
}
