import { effectiveZone } from '../planning/zone.js';
import { formatDate, messageLocale } from '../templates/format.js';
import { htmlFromText } from '../templates/html.js';
import { companySignature } from '../templates/signature.js';
import type { Account, Channel } from '../types.js';
import { MessageTooLongError } from './errors.js';
import { fillPlaceholders } from './placeholders.js';
import type { MessagePolicy } from './policy-section.js';
import { replyWords, type ReplyKind } from './reply-words.js';
import { fitFirst } from './sms.js';
import { truncate } from './variables.js';
import { whatsappLanguageCode, whatsappTemplateName } from './whatsapp-language.js';
import { templateMessage } from './whatsapp.js';
import type { ComposedMessage } from './compose.js';

export interface ReplyInput {
  readonly account: Account;
  readonly channel: Channel;
  readonly kind: ReplyKind;
  readonly policy: MessagePolicy;
  readonly now: Date;
  /** `YYYY-MM-DD`: the day the debtor promised to pay (`promise-ack` only). */
  readonly promiseDate?: string;
}

/**
 * The answer to something the debtor wrote, on the channel they wrote on: ask for the payment receipt,
 * acknowledge a promise to pay (with its date), confirm an opt-out, say a person will answer, or
 * acknowledge a dispute (that invoice's reminders pause while it is reviewed). On
 * WhatsApp it is a utility template too (`<prefix>reply_<kind>`, in the catalog), so it can go out
 * even after Meta's 24-hour service window. Throws a RangeError for a promise without a valid date.
 *
 * @example
 * composeReply({ account, channel: 'sms', kind: 'promise-ack', policy, now, promiseDate: '2026-12-20' })
 */
export function composeReply(input: ReplyInput): ComposedMessage {
  const { account, channel, kind, policy } = input;
  const { language, locale } = messageLocale(account.locale, account.country);
  const words = replyWords(language, kind, channel);
  const values = (nameLength?: number): Record<string, string | undefined> => ({
    customerName: nameLength === undefined ? account.name : truncate(account.name, nameLength),
    companyName: policy.company.name,
    promiseDate: kind === 'promise-ack' ? promiseDay(input, locale) : undefined,
  });

  if (channel === 'email') {
    const subject = `${words.subject} – ${policy.company.name}`.replace(/[\r\n]+/g, ' ');
    const text = `${fillPlaceholders(words.text, values())}\n\n${companySignature(policy.company, language)}`;
    return { channel, subject, text: `${text}\n`, html: htmlFromText({ lang: locale, title: subject, text }), locale };
  }
  if (channel === 'sms') {
    const budget = policy.channels.sms.segmentBudget;
    const fitted = fitFirst(
      [undefined, 24, 12].map((length) => fillPlaceholders(words.text, values(length))),
      budget,
    );
    if ('body' in fitted) return { channel, ...fitted, locale };
    throw new MessageTooLongError(`the ${kind} SMS reply needs ${fitted.fewest} segments, more than channels.sms.segmentBudget (${budget})`);
  }
  const languageCode = whatsappLanguageCode(locale);
  return {
    channel,
    templateName: whatsappTemplateName(policy.channels.whatsapp.templatePrefix, `reply-${kind}`),
    languageCode,
    ...templateMessage(words.text, values()),
    locale,
  };
}

function promiseDay(input: ReplyInput, locale: string): string {
  const date = input.promiseDate;
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T12:00:00Z`))) {
    throw new RangeError(`a promise-ack reply needs promiseDate as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return formatDate(date, locale, effectiveZone(input.account.timezone));
}
