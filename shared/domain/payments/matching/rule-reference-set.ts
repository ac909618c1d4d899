/**
 * Several invoices named in one transfer ("F-123 Y F-124"), and what to do with money beyond the
 * balances of what was named (credit for a known payer, otherwise never guessed at).
 */
import { CONFIDENCE, referenceLevel, type ReferenceStrength } from './confidence.js';
import { accountName, caution, oldestFirst, type Candidate, type MatchContext } from './context.js';
import { allocateInOrder, payInFull, suggestion, type Draft } from './decision.js';
import { invoiceList, money, sentences } from './explain.js';
import { exactSubsets } from './subset-sum.js';
import type { Allocation } from './types.js';

/** How many extra invoices a surplus may be matched to (exactly) before it is called a credit. */
const MAX_REMAINDER_SET = 3;

/** Other open invoices of the same customer that pay `remainder` exactly: those also named first. */
function remainderInvoices(ctx: MatchContext, paid: readonly Candidate[], remainder: number): { extra: Candidate[]; named: boolean } | undefined {
  const owners = new Set(paid.map((c) => c.invoice.accountId));
  if (owners.size !== 1) return undefined;
  const others = oldestFirst(ctx.invoices.filter((c) => owners.has(c.invoice.accountId) && !paid.includes(c) && c.invoice.balance <= remainder));
  // Named in the text after all, only weakly (a bare number, a mangled series): "F-1 Y 0002".
  const named = others.filter((c) => c.mayBeNamed(ctx.refSuffixes) && (ctx.refRank.has(c.key) || (c.tail !== undefined && ctx.refRank.has(c.tail))));
  const fromNamed = exactSubsets(named.map((c) => c.invoice.balance), remainder, { minSize: 1, maxSize: named.length, limit: 2, budget: 20_000 });
  if (fromNamed.complete && fromNamed.subsets.length === 1) return { extra: fromNamed.subsets[0]!.map((i) => named[i]!), named: true };
  const pool = others.slice(0, ctx.settings.maxSubsetPool);
  const search = exactSubsets(pool.map((c) => c.invoice.balance), remainder, { minSize: 1, maxSize: MAX_REMAINDER_SET, limit: 2 });
  if (search.complete && search.subsets.length === 1) return { extra: search.subsets[0]!.map((i) => pool[i]!), named: false };
  return undefined;
}

/**
 * `paid` are paid in full by `allocations`; `remainder` is left. If it pays exactly other open
 * invoices of the same customer (preferably ones the text also names, weakly), those are paid too.
 * Otherwise: payer known → their credit; payer unknown → it stays unapplied and the decision stays
 * below the threshold.
 */
export function remainderOf(
  ctx: MatchContext,
  paid: readonly Candidate[],
  remainder: number,
  strength: ReferenceStrength,
  allocations: readonly Allocation[],
): Draft {
  const named = `${paid.length > 1 ? 'References' : 'Reference'} ${invoiceList(paid.map((c) => c.invoice))} in the payment`;
  const more = money(remainder, ctx.currency);
  const extra = remainderInvoices(ctx, paid, remainder);
  if (extra) {
    return {
      rule: 'reference-set',
      confidence: extra.named ? CONFIDENCE.reference.remainderNamed : CONFIDENCE.reference.remainderExact,
      explanation: `${named}; the ${more} beyond it pays exactly ${invoiceList(extra.extra.map((c) => c.invoice))} of the same customer${extra.named ? ', also named' : ''}`,
      allocations: [...allocations, ...extra.extra.map(payInFull)],
    };
  }
  const rule = paid.length > 1 ? 'reference-set' : 'reference';
  if (ctx.payer !== undefined) {
    const owns = paid.every((c) => c.invoice.accountId === ctx.payer);
    return {
      rule,
      confidence: CONFIDENCE.reference.credit[referenceLevel(strength, owns)],
      explanation: `${named}; paid in full and ${more} more, kept as a credit for ${accountName(ctx, ctx.payer)}`,
      allocations,
      credit: { accountId: ctx.payer, amount: remainder },
    };
  }
  return {
    rule,
    confidence: CONFIDENCE.reference.remainderUnapplied,
    explanation: `${named}; paid in full, but ${more} more and the payer is unknown: the rest stays unapplied`,
    allocations,
  };
}

export function referenceSetRule(ctx: MatchContext, named: readonly Candidate[], strength: ReferenceStrength): Draft {
  const totalBalance = named.reduce((sum, c) => sum + c.invoice.balance, 0);
  // Named invoices of several customers: doubtful only if the money goes to several of them (a
  // lent series, `F-1 Y 0002` → `F2`, may name someone else's invoice that the amount then rules out).
  const owners = new Set(named.map((c) => c.invoice.accountId));
  if (owners.size > 1) caution(ctx, CONFIDENCE.cap.severalCustomers, `The invoices named belong to ${owners.size} different customers`, owners, { spread: true });
  const list = invoiceList(named.map((c) => c.invoice));
  const table = CONFIDENCE.referenceSet;
  if (ctx.amount === totalBalance) {
    return { rule: 'reference-set', confidence: table.exact, explanation: `References ${list} in the payment; the amount pays them all in full`, allocations: named.map(payInFull) };
  }
  if (ctx.amount > totalBalance) return remainderOf(ctx, named, ctx.amount - totalBalance, strength, named.map(payInFull));

  const inOrder = allocateInOrder(ctx, named, ctx.amount);
  const last = inOrder.allocations[inOrder.allocations.length - 1];
  if (inOrder.allocations.length === named.length && last?.settles === true) {
    return {
      rule: 'reference-set',
      confidence: table.settles,
      explanation: `References ${list} in the payment; ${money(totalBalance - ctx.amount, ctx.currency)} short in all, within tolerance: all settled`,
      allocations: inOrder.allocations,
    };
  }
  // Some named invoices add up exactly: the others were named but not paid this time.
  const search = exactSubsets(named.map((c) => c.invoice.balance), ctx.amount, { minSize: 1, maxSize: named.length - 1, limit: 2 });
  if (search.complete && search.subsets.length === 1) {
    const paid = search.subsets[0]!.map((i) => named[i]!);
    const open = named.filter((c) => !paid.includes(c));
    return {
      rule: 'reference-set',
      confidence: table.subset,
      explanation: `References ${list} in the payment; ${invoiceList(paid.map((c) => c.invoice))} add up exactly to the amount, ${invoiceList(open.map((c) => c.invoice))} stays open`,
      allocations: paid.map(payInFull),
    };
  }
  const ambiguous = search.subsets.length > 1;
  return {
    rule: 'reference-set',
    confidence: ambiguous ? table.ambiguous : strength === 'strong' ? table.inOrder : table.inOrderWeak,
    explanation: sentences(
      `References ${list} in the payment; ${money(ctx.amount, ctx.currency)} of ${money(totalBalance, ctx.currency)} applied in the order named`,
      ambiguous ? 'Different combinations of them add up exactly to the amount' : undefined,
    ),
    allocations: inOrder.allocations,
    suggestions: search.subsets.map((set) =>
      suggestion('reference-set', table.ambiguous, `${invoiceList(set.map((i) => named[i]!.invoice))} in full`, set.map((i) => payInFull(named[i]!))),
    ),
  };
}
