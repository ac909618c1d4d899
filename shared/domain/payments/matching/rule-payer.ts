/**
 * The payer is known (tax id, or the account of the payment link) but no invoice is named: the amount
 * has to say which of their open invoices it pays. One exact balance; else the one smallest, oldest
 * exact combination; else a tolerated shortfall; else everything (rest as credit); else, if the policy
 * allows it, oldest due first — which is a policy, not evidence, so it stays a proposal.
 */
import { CONFIDENCE } from './confidence.js';
import { accountName, isEarly, oldestFirst, type Candidate, type MatchContext } from './context.js';
import { allocateInOrder, allocation, payInFull, suggestion, type Draft } from './decision.js';
import { invoiceList, money } from './explain.js';
import { exactSubsets } from './subset-sum.js';
import { fitOf } from './tolerance.js';

/**
 * With a 0.5% tolerance, a random amount lands in some balance's window about once in 30 tries per
 * ten open invoices; beyond that, a settled-within-tolerance reading is only a proposal.
 */
const FEW_OPEN = 10;

/** Several of the payer's invoices fit equally (exactly, or settled within tolerance): no guess. */
function twins(ctx: MatchContext, who: string, same: readonly Candidate[], settling = false): Draft {
  const fits = settling ? `that ${money(ctx.amount, ctx.currency)} settles within tolerance` : `of exactly ${money(ctx.amount, ctx.currency)}`;
  return {
    rule: 'single-open-amount',
    confidence: CONFIDENCE.payer.twins,
    explanation: `${who}; ${same.length} open invoices ${fits} (${invoiceList(same.map((c) => c.invoice))}): cannot tell which`,
    allocations: [],
    suggestions: same.map((c) =>
      suggestion('single-open-amount', CONFIDENCE.payer.twins, `${c.invoice.invoiceNumber}, due ${c.invoice.dueDate}`, [settling ? allocation(c, ctx.amount, true) : payInFull(c)]),
    ),
  };
}

function subsetRule(ctx: MatchContext, who: string, open: readonly Candidate[]): Draft | undefined {
  const pool = open.filter((c) => c.invoice.balance < ctx.amount).slice(0, ctx.settings.maxSubsetPool);
  const search = exactSubsets(pool.map((c) => c.invoice.balance), ctx.amount, { minSize: 2, maxSize: ctx.settings.maxSubsetSize, limit: 3 });
  if (search.subsets.length === 0) return undefined;
  const sets = search.subsets.map((set) => set.map((i) => pool[i]!));
  const [best, ...others] = sets as [Candidate[], ...Candidate[][]];
  // A member with a same-balance twin outside the set (maybe outside the pool): swapping them is
  // another exact combination, so the set is not unique after all.
  const twin = best.some((c) => open.some((o) => !best.includes(o) && o.invoice.balance === c.invoice.balance));
  const sure = search.complete && others.length === 0 && !twin;
  return {
    rule: 'amount-subset',
    confidence: sure ? CONFIDENCE.payer.subset : CONFIDENCE.payer.subsetAmbiguous,
    explanation: sure
      ? `${who}; ${invoiceList(best.map((c) => c.invoice))} add up exactly to the amount`
      : `${who}; several combinations of open invoices add up exactly to the amount; the oldest is proposed`,
    allocations: best.map(payInFull),
    suggestions: others.map((set) => suggestion('amount-subset', CONFIDENCE.payer.subsetAmbiguous, `${invoiceList(set.map((c) => c.invoice))} in full`, set.map(payInFull))),
  };
}

export function payerRule(ctx: MatchContext): Draft | undefined {
  const payer = ctx.payer;
  if (payer === undefined) return undefined;
  const viaLink = ctx.payerSource === 'link';
  const name = accountName(ctx, payer);
  const who = viaLink ? `No invoice named; the payment link is for ${name}` : `No invoice named; payer ${name} recognised by tax id`;
  const open = oldestFirst(ctx.invoices.filter((c) => c.invoice.accountId === payer));
  if (open.length === 0) {
    return {
      rule: 'none',
      confidence: CONFIDENCE.payer.nothingOpen,
      explanation: `${who}, who has no open invoice in ${ctx.currency}: the amount would be their credit`,
      allocations: [],
      credit: { accountId: payer, amount: ctx.amount },
    };
  }
  // Cut short by the store: "their only open invoice of that amount" needs the amount lookup's word.
  const truncated = ctx.truncated.has(payer);
  const unsure = truncated && !ctx.amountComplete;
  const exact = open.filter((c) => c.invoice.balance === ctx.amount);
  if (exact.length === 1) {
    return {
      rule: viaLink ? 'explicit-link' : 'single-open-amount',
      confidence: unsure ? CONFIDENCE.payer.truncated : viaLink ? CONFIDENCE.payer.linkExact : CONFIDENCE.payer.singleExact,
      explanation: `${who}; ${exact[0]!.invoice.invoiceNumber} is their only open invoice of exactly ${money(ctx.amount, ctx.currency)}`,
      allocations: [payInFull(exact[0]!)],
    };
  }
  if (exact.length > 1) return twins(ctx, who, exact);

  // Truncated: a member's same-balance twin may be among the invoices not returned.
  const subset = subsetRule(ctx, who, open);
  if (subset) return truncated ? { ...subset, confidence: Math.min(subset.confidence, CONFIDENCE.payer.truncated) } : subset;

  const settling = open.filter((c) => {
    const fit = fitOf(c.invoice.balance, ctx.amount, ctx.settings, isEarly(ctx, c.invoice));
    return fit === 'tolerance' || fit === 'discount';
  });
  if (settling.length === 1) {
    return {
      rule: 'single-open-amount',
      confidence: open.length <= FEW_OPEN ? CONFIDENCE.payer.singleSettles : CONFIDENCE.payer.singleSettlesMany,
      explanation: `${who}; the amount settles ${settling[0]!.invoice.invoiceNumber} within tolerance (${money(settling[0]!.invoice.balance - ctx.amount, ctx.currency)} short)`,
      allocations: [allocation(settling[0]!, ctx.amount, true)],
    };
  }
  if (settling.length > 1) return twins(ctx, who, settling, true);

  const totalOpen = open.reduce((sum, c) => sum + c.invoice.balance, 0);
  if (ctx.amount >= totalOpen && !truncated) {
    return {
      rule: 'oldest-first',
      confidence: CONFIDENCE.payer.everything,
      explanation: `${who}; the amount pays all ${open.length} open invoices${ctx.amount > totalOpen ? ` and ${money(ctx.amount - totalOpen, ctx.currency)} more, kept as a credit` : ''}`,
      allocations: open.map(payInFull),
      credit: { accountId: payer, amount: ctx.amount - totalOpen },
    };
  }
  const spread = allocateInOrder(ctx, open, ctx.amount).allocations;
  if (ctx.settings.allowOldestFirst) {
    return {
      rule: 'oldest-first',
      confidence: CONFIDENCE.payer.oldestFirst,
      explanation: `${who}; no invoice or combination matches the amount: spread over their open invoices, oldest due first`,
      allocations: spread,
    };
  }
  return {
    rule: 'none',
    confidence: CONFIDENCE.payer.noFit,
    explanation: `${who}; no open invoice or combination of them matches ${money(ctx.amount, ctx.currency)}`,
    allocations: [],
    suggestions: [suggestion('oldest-first', CONFIDENCE.payer.noFit, 'Oldest due first', spread)],
  };
}
