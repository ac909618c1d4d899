/**
 * What an inbound debtor reply (SMS, WhatsApp, email) means for the collections flow. Every variant
 * carries a short `reason` so the interaction log says why the reply was read that way.
 */
export type ReplyClassification =
  | { readonly kind: 'opt-out'; readonly keyword: string; readonly reason: string }
  | { readonly kind: 'paid'; readonly reason: string }
  | {
      readonly kind: 'promise';
      /** YYYY-MM-DD in the debtor's zone; never before "today" there. */
      readonly date: string;
      /** The amount as the debtor wrote it ("$5,000", "2 mil soles"); never parsed, only shown. */
      readonly amountText?: string;
      readonly reason: string;
    }
  | { readonly kind: 'help'; readonly reason: string }
  | { readonly kind: 'other'; readonly reason: string };

export interface ReplyContext {
  /** es-MX, es-CO, es-PE, es-CL or en-US; only en-US reads numeric dates month-first. */
  readonly locale: string;
  /** The debtor's IANA zone; "today", "mañana" and weekdays are counted there. */
  readonly timezone: string;
  readonly now: Date;
}
