/**
 * Payment matching benchmark: accuracy and speed on a seeded messy stream.
 *
 *   npx tsx test/bench/matching/run-matching-bench.ts [--invoices 1000000] [--payments 100000] [--seed N]
 *
 * Builds the in-memory index over the portfolio, matches every payment in order (auto-applied
 * decisions lower balances, as in production), and prints ONE JSON line on stdout:
 *   {"payments":N,"autoMatchRate":…,"wrongRate":…,"seconds":…,"peakRssMb":…,"invoices":M,
 *    "indexSeconds":…,"matchSeconds":…,"matchable":…,"autoApplied":…,"wrong":…}
 * autoMatchRate = auto-applied / matchable payments (noise and other-currency transfers are not
 * matchable); wrongRate = auto-applied payments whose allocations (invoice, amount) differ from the
 * truth / all payments; seconds = index build + matching (generation excluded), indexSeconds the
 * build alone; peakRssMb from maxRSS (generation included). Per-category results and a calibration
 * table (how often a decision at each confidence proposes exactly the truth) go to stderr.
 * Goals: autoMatchRate ≥ 0.97, wrongRate ≤ 0.001, 100k payments × 1M invoices ≤ 30 s and ≤ 1 GB.
 *
 * The big stream touches ~15% of the portfolio; a denser accuracy check (most invoices touched, more
 * interplay between payments of one customer) is `--invoices 50000 --payments 20000`.
 */
import { parseArgs } from 'node:util';
import { candidateQuery } from '../../../shared/domain/payments/matching/candidate-query.js';
import { DEFAULT_MATCH_SETTINGS, matchPayment } from '../../../shared/domain/payments/matching/matcher.js';
import { MatchIndex } from '../../../shared/domain/payments/matching/memory-index.js';
import type { MatchDecision, MatchSettings } from '../../../shared/domain/payments/matching/types.js';
import { generateMessy, type Category, type Truth } from './generate-messy.js';
import type { Portfolio } from './portfolio.js';
import { portfolioInvoices } from './portfolio.js';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '1000000' },
    payments: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '20260715' },
  },
});
const invoices = Number(values.invoices);
const paymentCount = Number(values.payments);
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** As a customer would configure it: bank fees and a 2% early-payment discount tolerated, oldest-first allowed. */
const SETTINGS: MatchSettings = {
  ...DEFAULT_MATCH_SETTINGS,
  shortfallTolerance: { absoluteMinor: 1500, percent: 0.5 },
  earlyPaymentDiscountPercent: 2,
  allowOldestFirst: true,
};

function allocationKey(accountId: string, invoiceNumber: string, amount: number): string {
  return `${accountId}\u0000${invoiceNumber}\u0000${amount}`;
}

function isRight(decision: MatchDecision, truth: Truth, p: Portfolio): boolean {
  if (truth.allocations === null) return false;
  const want = truth.allocations.map((a) => allocationKey(p.accounts[p.owner[a.invoice]!]!.accountId, p.numbers[a.invoice]!, a.amount)).sort();
  const got = decision.allocations.map((a) => allocationKey(a.accountId, a.invoiceNumber, a.amount)).sort();
  return want.length === got.length && want.every((k, i) => k === got[i]);
}

progress(`generating ${invoices} invoices and ${paymentCount} payments …`);
const set = generateMessy({ invoices, payments: paymentCount, seed: Number(values.seed) });

const started = performance.now();
const index = MatchIndex.from(set.portfolio.accounts, portfolioInvoices(set.portfolio));
const indexSeconds = (performance.now() - started) / 1000;
progress(`index built in ${indexSeconds.toFixed(1)} s; matching …`);

interface Tally {
  payments: number;
  auto: number;
  wrong: number;
}
const byCategory = new Map<Category, Tally>();
/** confidence → [proposals, right]; only decisions that propose allocations. */
const calibration = new Map<number, [number, number]>();
let matchable = 0;
let autoMatchable = 0;
let wrong = 0;
let settleMismatch = 0;

const matchStarted = performance.now();
set.payments.forEach((payment, n) => {
  const truth = set.truths[n]!;
  const decision = matchPayment(payment, index.find(candidateQuery(payment)), SETTINGS, set.asOf);
  const auto = decision.confidence >= SETTINGS.autoApplyThreshold && (decision.allocations.length > 0 || decision.credit !== undefined);
  const right = isRight(decision, truth, set.portfolio);
  if (auto) index.apply(decision.allocations);
  const tally = byCategory.get(truth.category) ?? { payments: 0, auto: 0, wrong: 0 };
  tally.payments += 1;
  if (truth.allocations !== null) matchable += 1;
  if (auto) {
    tally.auto += 1;
    if (truth.allocations !== null) autoMatchable += 1;
    if (!right) {
      tally.wrong += 1;
      wrong += 1;
    }
    if (right && ['fee', 'discount'].includes(truth.category) && !decision.allocations.every((a) => a.settles)) settleMismatch += 1;
  }
  byCategory.set(truth.category, tally);
  if (decision.allocations.length > 0) {
    const entry = calibration.get(decision.confidence) ?? [0, 0];
    entry[0] += 1;
    if (right) entry[1] += 1;
    calibration.set(decision.confidence, entry);
  }
});
const matchSeconds = (performance.now() - matchStarted) / 1000;

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
progress('category         payments   auto-rate  wrong');
for (const [category, t] of [...byCategory].sort((a, b) => b[1].payments - a[1].payments)) {
  progress(`${category.padEnd(16)} ${String(t.payments).padStart(8)}   ${(t.auto / t.payments).toFixed(3).padStart(9)}  ${t.wrong}`);
}
progress('confidence  proposals  right');
for (const [confidence, [count, right]] of [...calibration].sort((a, b) => b[0] - a[0])) {
  progress(`${confidence.toFixed(2).padStart(10)}  ${String(count).padStart(9)}  ${(right / count).toFixed(3)}`);
}
progress(`fee/discount payments applied to the right invoice but not settled: ${settleMismatch}`);

process.stdout.write(
  `${JSON.stringify({
    payments: set.payments.length,
    autoMatchRate: round(autoMatchable / Math.max(1, matchable)),
    wrongRate: round(wrong / Math.max(1, set.payments.length), 5),
    seconds: round(indexSeconds + matchSeconds, 2),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    invoices,
    indexSeconds: round(indexSeconds, 2),
    matchSeconds: round(matchSeconds, 2),
    matchable,
    autoApplied: [...byCategory.values()].reduce((s, t) => s + t.auto, 0),
    wrong,
  })}\n`,
);
