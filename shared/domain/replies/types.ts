import type { DisputeReason } from '../escalation/types.js';
import type { Channel } from '../types.js';

/** The intents a reply can have, in the order they act when a reply says several things (classify-reply.ts). */
export const REPLY_INTENTS = ['opt-out', 'dispute', 'paid', 'promise', 'help', 'other'] as const;
export type ReplyIntent = (typeof REPLY_INTENTS)[number];

/** What an opt-out says besides its keyword: shared by the matcher (opt-out.ts) and the classification. */
export interface OptOutDetails {
  /** The address is not the debtor's ("número equivocado", "ya no trabajo ahí"): only this channel, and a person fixes the contact. */
  readonly wrongContact?: true;
  /** The reply says the debtor has died ("El titular falleció"): with `wrongContact`; a person decides before anything more goes out. */
  readonly deceased?: true;
  /** The debtor asks to be written to on this channel instead ("mejor al correo"): the opt-out stays on the channel it came on. */
  readonly prefers?: Channel;
  /**
   * The reply asks for another channel and for nothing to stop ("mejor al correo", "please email me
   * instead"; `keyword` is the words that ask, `prefers` the channel): it stops only the channel it
   * came on, and nothing when it came on the one it asks for (opt-out-scope.ts).
   */
  readonly switchOnly?: true;
  /**
   * Another address to write to instead, as written ("No me escriban a este correo, escriban a
   * pagos@empresa.com"): the opt-out stays on the address it came from, and a person records the new one.
   */
  readonly newAddress?: string;
}

/**
 * What an inbound debtor reply (SMS, WhatsApp, email) means for the collections flow. Every variant
 * carries a short `reason` so the interaction log says why the reply was read that way.
 */
export type ReplyClassification =
  | ({
      readonly kind: 'opt-out';
      readonly keyword: string;
      /** What else the reply says; a person reads it, since nothing more goes to the debtor automatically. */
      readonly alsoSays?: Exclude<ReplyIntent, 'opt-out' | 'other'>;
      readonly reason: string;
    } & OptOutDetails)
  | {
      readonly kind: 'dispute';
      /** Why the debtor contests the invoice (the escalation's dispute reasons). */
      readonly disputeReason: DisputeReason;
      /** The open invoice the reply names, if it names one ({@link ReplyContext.openInvoices}). */
      readonly invoiceNumber?: string;
      readonly reason: string;
    }
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
  | {
      readonly kind: 'other';
      /**
       * Words of stopping next to words of messages that no opt-out rule knows ("no autorizo que me
       * contacten"): reminders are held until a person reads it (opt-out.ts, mayBeOptOut).
       */
      readonly mayBeOptOut?: true;
      /**
       * A request that only limits when or where to write ("please don't text me before 9am", "no me
       * llamen al trabajo"), the words that limit it: not a request to stop, but no reminder may go out
       * until a person has recorded it.
       */
      readonly limitsContact?: string;
      /**
       * A request to stop only until a day ("stop the reminders until Friday", "no me manden
       * recordatorios hasta el lunes"), YYYY-MM-DD in the debtor's zone: no revocation, nothing opted
       * out; reminders are held until that day and a person reads it. One that also names the
       * payment is a promise instead.
       */
      readonly holdUntil?: string;
      readonly reason: string;
    };

export interface ReplyContext {
  /** es-MX, es-CO, es-PE, es-CL, es-AR or en-US; only en-US reads numeric dates month-first. */
  readonly locale: string;
  /** The debtor's IANA zone; "today", "mañana" and weekdays are counted there. */
  readonly timezone: string;
  readonly now: Date;
  /** The account's open invoice numbers, so a dispute can name the one it is about ("no reconozco la F-1023"). */
  readonly openInvoices?: readonly string[];
}
