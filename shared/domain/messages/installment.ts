import { gsmSafe, isGsm7 } from '../channels/sms-segments.js';
import type { PaymentPlan, PlanInstallment } from '../escalation/types.js';
import { effectiveZone } from '../planning/zone.js';
import { addresseeOf, contactUs, replyAddress } from '../templates/contact.js';
import { formatDate, formatMoney, formatShortDate, messageLocale } from '../templates/format.js';
import { htmlFromText, type HtmlFooter } from '../templates/html.js';
import { wordsFor } from '../templates/languages.js';
import { paymentLink, portalLink } from '../templates/links.js';
import { companySignature } from '../templates/signature.js';
import type { Account, Channel } from '../types.js';
import type { ComposedMessage } from './compose.js';
import { MessageTooLongError } from './errors.js';
import { capitalize } from './invoice-lines.js';
import {
  installmentLabel,
  installmentPhrase,
  installmentWords,
  remainingPhrase,
  statusWord,
  thisPaymentWords,
  type InstallmentMoment,
} from './installment-words.js';
import { withOptOutLine } from './opt-out-line.js';
import { fillPlaceholders } from './placeholders.js';
import type { MessagePolicy } from './policy-section.js';
import { fitFirst } from './sms.js';
import { truncate } from './variables.js';
import { whatsappLanguageCode, whatsappTemplateName } from './whatsapp-language.js';
import { templateMessage, WHATSAPP_BODY_LIMIT } from './whatsapp.js';

export type { InstallmentMoment } from './installment-words.js';

export interface InstallmentReminderInput {
  readonly account: Account;
  readonly channel: Channel;
  readonly plan: PaymentPlan;
  /** The installment's index in `plan.installments`; 0 is the down payment. */
  readonly index: number;
  /** `upcoming`: a few days before its due date; `due-today`: on it. */
  readonly moment: InstallmentMoment;
  readonly policy: MessagePolicy;
  readonly now: Date;
  /** One-click unsubscribe URL for email (footer link); absent: no footer link. */
  readonly unsubscribeUrl?: string;
  /**
   * The plan's oldest open invoice: without a portal the payment link names it, so the payment is
   * matched to an invoice of the plan like any other (installments are paid in order from payments).
   */
  readonly payInvoiceNumber?: string;
}

/** A long customer name is cut to this many characters before an SMS gives up detail. */
const NAME_SHORT = 24;
const NAME_SHORTER = 12;
/** The name's length when a WhatsApp body would pass Meta's 1,024 characters (a very long name). */
const NAME_WHATSAPP = 60;

/**
 * The reminder of one installment of an agreed payment plan, on one channel, in the debtor's
 * language: which payment (`el pago 2 de 4`, `the down payment`), its amount in the plan's currency
 * and its due date (`today` on the day), what remains of the plan after it, where to pay, and the
 * signature in the debtor's language. Friendly whatever the account's stage: the debtor agreed to
 * the plan. SMS and WhatsApp end with the opt-out line; the email carries the Reply-To address and
 * asks for a reply only when an address reads replies.
 * - email: subject, text and HTML, with the whole schedule (each payment's date, amount and state);
 * - SMS: GSM-7, within `channels.sms.segmentBudget`, shortened (name cut, then without what remains,
 *   then without the greeting) as needed;
 * - WhatsApp: the utility template `<prefix>installment_upcoming` / `<prefix>installment_due_today`
 *   (in the catalog), with its parameters in order and the preview.
 * Where to pay: the customer portal when the policy has one, else `company.paymentLinkTemplate` with
 * the plan's id where an invoice number goes (a plan is not one invoice).
 * Throws a RangeError for an index outside the plan, an installment of 0, a plan of another account
 * or a date that is not `YYYY-MM-DD`, and a MessageTooLongError when an SMS cannot fit its budget
 * even in its shortest form.
 *
 * @example
 * composeInstallmentReminder({ account, channel: 'sms', plan, index: 2, moment: 'upcoming', policy, now })
 * // { channel: 'sms', body: 'Hola, Abarrotes La Esperanza: le recordamos de Ejemplo Corp que el pago 2 de 3 de su plan…', … }
 */
export function composeInstallmentReminder(input: InstallmentReminderInput): ComposedMessage {
  const { account, channel, plan, index, moment, policy } = input;
  const installment = checkedInstallment(input);
  const { language, locale } = messageLocale(account.locale, account.country);
  const zone = effectiveZone(account.timezone);
  const count = plan.installments.length - 1;
  const addressee = addresseeOf(account.debtorType);
  const words = installmentWords(language, moment, addressee);
  const owed = plan.installments.filter((other, i) => i !== index && other.status !== 'paid' && other.amount > 0);
  const owedMinor = owed.reduce((sum, other) => sum + other.amount, 0);
  const money = (minor: number): string => formatMoney(minor, plan.currency, locale);
  const payUrl = planPayUrl(account, plan, policy, input.payInvoiceNumber);
  const signature = companySignature(policy.company, language);
  const values = (customerName: string, amount: (minor: number) => string, dueDate: string): Record<string, string> => ({
    customerName,
    companyName: policy.company.name,
    installment: installmentPhrase(language, index, count),
    amount: amount(installment.amount),
    dueDate,
    remaining: remainingPhrase(language, owed.length, amount(owedMinor)),
    paymentLink: payUrl,
    signature,
    contactUs: contactUs(language, policy.company, policy.company.portalLinkTemplate !== undefined, addressee),
  });

  if (channel === 'email') {
    const email = words.email;
    const filled = values(account.name, money, formatDate(installment.dueDate, locale, zone));
    const fill = (text: string): string => fillPlaceholders(text, filled);
    // One line, whatever a name contains: a new line in a subject is a header injection.
    const subject = `${capitalize(fill(email.subject))} – ${policy.company.name}`.replace(/[\r\n]+/g, ' ');
    const schedule = plan.installments.flatMap((item, i) =>
      item.amount > 0
        ? [
            `- ${installmentLabel(language, i, count)} · ${formatDate(item.dueDate, locale, zone)} · ${money(item.amount)} · ${statusWord(language, item.status)}` +
              (i === index ? ` (${thisPaymentWords(language)})` : ''),
          ]
        : [],
    );
    const text = [
      fill(email.greeting),
      fill(email.body),
      [email.scheduleTitle, ...schedule, `${email.totalLabel}: ${money(plan.total)}`].join('\n'),
      `${email.payLabel}: ${payUrl}`,
      fill(email.note),
      `${email.closing}\n${signature}`,
    ].join('\n\n');
    const labels = wordsFor(language, addressee).labels;
    const footer: HtmlFooter | undefined = input.unsubscribeUrl
      ? { text: labels.unsubscribe, link: { label: labels.unsubscribeLink, url: input.unsubscribeUrl } }
      : undefined;
    const footerText = input.unsubscribeUrl ? `\n\n${labels.unsubscribe} ${input.unsubscribeUrl}` : '';
    const replyTo = replyAddress(policy.company);
    return {
      channel,
      subject,
      text: `${text}${footerText}\n`,
      html: htmlFromText({ lang: locale, title: subject, text, ...(footer ? { footer } : {}) }),
      locale,
      ...(replyTo ? { replyTo } : {}),
    };
  }

  if (channel === 'sms') {
    const budget = policy.channels.sms.segmentBudget;
    const fitted = fitFirst(
      smsTries(words.sms, account.name, language, (name) => values(name, (minor) => smsMoney(minor, plan.currency, locale), formatShortDate(installment.dueDate, locale))),
      budget,
    );
    if ('body' in fitted) return { channel, ...fitted, locale };
    throw new MessageTooLongError(
      `the shortest SMS reminder of installment ${index} (${moment}, ${locale}) needs ${fitted.fewest} segments, more than channels.sms.segmentBudget (${budget})`,
    );
  }

  const languageCode = whatsappLanguageCode(locale);
  const templateName = whatsappTemplateName(policy.channels.whatsapp.templatePrefix, `installment-${moment}`);
  const dueDate = formatDate(installment.dueDate, locale, zone);
  for (const name of [account.name, truncate(account.name, NAME_WHATSAPP)]) {
    const message = templateMessage(words.whatsapp, values(name, money, dueDate));
    if (message.preview.length <= WHATSAPP_BODY_LIMIT) return { channel, templateName, languageCode, ...message, locale };
  }
  throw new MessageTooLongError(`the WhatsApp message ${templateName} (${languageCode}) is longer than ${WHATSAPP_BODY_LIMIT} characters even with the name shortened`);
}

/** The installment the reminder is about, after checking the plan and the index. */
function checkedInstallment(input: InstallmentReminderInput): PlanInstallment {
  const { account, plan, index } = input;
  if (plan.accountId !== account.accountId) {
    throw new RangeError(`payment plan ${plan.planId} belongs to account ${plan.accountId}, not ${account.accountId}`);
  }
  const installment = Number.isInteger(index) ? plan.installments[index] : undefined;
  if (!installment) {
    throw new RangeError(`payment plan ${plan.planId} has installments 0 to ${plan.installments.length - 1}, not ${index}`);
  }
  if (!Number.isSafeInteger(installment.amount) || installment.amount <= 0) {
    throw new RangeError(`installment ${index} of payment plan ${plan.planId} is of ${installment.amount}: there is nothing to remind`);
  }
  for (const item of plan.installments) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(item.dueDate) || Number.isNaN(Date.parse(`${item.dueDate}T12:00:00Z`))) {
      throw new RangeError(`payment plan ${plan.planId} has an installment due ${JSON.stringify(item.dueDate)}, not a YYYY-MM-DD date`);
    }
  }
  return installment;
}

/**
 * Where the debtor pays a plan's installment: the customer portal when the policy has one (it shows
 * the plan and the invoices), else the payment link of the plan's oldest open invoice (so the
 * payment matches an invoice of the plan), else, when that is not known, with the plan's id.
 */
function planPayUrl(account: Account, plan: PaymentPlan, policy: MessagePolicy, payInvoiceNumber: string | undefined): string {
  const portal = policy.company.portalLinkTemplate;
  if (portal) return portalLink(portal, account.accountId);
  return paymentLink(policy.company.paymentLinkTemplate, { accountId: account.accountId, invoiceNumber: payInvoiceNumber ?? plan.planId });
}

/**
 * The SMS texts to try, richest first, all in GSM-7 and all with the opt-out line: the full text with
 * the name as written (what GSM-7 cannot carry left out), then cut; without what remains of the plan;
 * without the greeting.
 */
function* smsTries(
  sms: ReturnType<typeof installmentWords>['sms'],
  customerName: string,
  language: 'es' | 'en',
  values: (name: string) => Record<string, string>,
): Generator<string> {
  const fill = (text: string, name: string, line: 'full' | 'short' = 'full'): string =>
    gsmOnly(withOptOutLine(fillPlaceholders(text, values(name)), language, ' ', line));
  const name = gsmOnly(customerName);
  if (name !== '') {
    for (const n of new Set([name, truncate(name, NAME_SHORT)])) yield fill(sms.full, n);
    for (const n of new Set([truncate(name, NAME_SHORT), truncate(name, NAME_SHORTER)])) yield fill(sms.brief, n);
  }
  yield fill(sms.short, '');
  yield fill(sms.shortest, '');
  yield fill(sms.shortest, '', 'short');
}

/**
 * An amount for SMS, in GSM-7: as the locale writes it when it can be (`€` too, `$ 1.234` with a plain
 * space), else its digits and the ISO code (`1,234.00 INR`), so the currency is never lost.
 */
function smsMoney(minor: number, currency: string, locale: string): string {
  const amount = gsmSafe(formatMoney(minor, currency, locale));
  if (isGsm7(amount)) return amount;
  return `${gsmOnly(amount)} ${currency}`;
}

/** `text` in GSM-7: accents dropped where needed (`gsmSafe`), anything else left out. */
function gsmOnly(text: string): string {
  return [...gsmSafe(text)]
    .filter((ch) => isGsm7(ch))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}
