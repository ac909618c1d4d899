/**
 * Last resort: nobody identified, no invoice named. A unique open invoice of exactly the amount is a
 * good guess but only a guess (a stray transfer hits some balance by chance in a large portfolio), so
 * it is proposed, never applied on its own — unless the text names it with a one-keystroke typo.
 */
import { CONFIDENCE } from './confidence.js';
import { accountName, oldestFirst, type MatchContext } from './context.js';
import { payInFull, suggestion, type Draft } from './decision.js';
import { invoiceList, money } from './explain.js';
import { typoAlternative } from './rule-reference-weak.js';

export function amountRule(ctx: MatchContext): Draft {
  const typo = typoAlternative(ctx, ctx.refs);
  if (typo) return typo;
  // A tax id shared by several accounts narrows the search to them.
  const group = ctx.payerIds.length > 1 ? new Set(ctx.payerIds) : undefined;
  const exact = oldestFirst(ctx.invoices.filter((c) => c.invoice.balance === ctx.amount && (group === undefined || group.has(c.invoice.accountId))));
  const amount = money(ctx.amount, ctx.currency);
  if (exact.length === 1) {
    const [c] = exact as [(typeof exact)[number]];
    return {
      rule: 'single-open-amount',
      confidence: CONFIDENCE.amountOnly,
      explanation: `No reference and no known payer; ${c.invoice.invoiceNumber} (${accountName(ctx, c.invoice.accountId)}) is the only open invoice of exactly ${amount}`,
      allocations: [payInFull(c)],
    };
  }
  if (exact.length > 1) {
    return {
      rule: 'single-open-amount',
      confidence: CONFIDENCE.amountTwins,
      explanation: `No reference and no known payer; ${exact.length} open invoices of exactly ${amount} (${invoiceList(exact.map((c) => c.invoice))}): cannot tell which`,
      allocations: [],
      suggestions: exact.map((c) => suggestion('single-open-amount', CONFIDENCE.amountTwins, `${c.invoice.invoiceNumber} of ${accountName(ctx, c.invoice.accountId)}`, [payInFull(c)])),
    };
  }
  return {
    rule: 'none',
    confidence: 0,
    explanation: `No invoice reference, no known payer, and no open invoice of exactly ${amount}`,
    allocations: [],
  };
}
