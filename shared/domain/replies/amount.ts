/**
 * The amount a debtor mentions with a promise, exactly as written ("$5,000", "S/ 1.200", "2 mil
 * pesos"). It is only shown to the collector; separators differ by country ("1.200" is a thousand
 * and two hundred in Chile, one point two in the US), so parsing is left to whoever has the invoice.
 */
const AMOUNT =
  /(?:US\$|\$|S\/\.?|USD|MXN|COP|PEN|CLP)\s?\d[\d.,]*(?:\s?(?:mil|k)\b)?|\d[\d.,]*\s?(?:mil\s+)?(?:pesos|soles|d[oó]lares|dollars|usd|mxn|cop|pen|clp|lucas|luquitas)\b|\d+\s?mil\b/i;

export function findAmountText(text: string): string | undefined {
  return AMOUNT.exec(text)?.[0].trim();
}
