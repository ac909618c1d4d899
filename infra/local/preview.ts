import { chooseChannel } from '../../shared/domain/channels/choose-channel.js';
import { composeMessage, type ComposedMessage } from '../../shared/domain/messages/compose.js';
import { messageCost } from '../../shared/domain/messages/cost.js';
import { selectSegment } from '../../shared/domain/planning/planner.js';
import type { Channel, MessageCost } from '../../shared/domain/types.js';
import type { Runtime } from './runtime.js';

export interface Preview {
  readonly accountId: string;
  readonly step: string;
  readonly segment: string;
  readonly channel: Channel;
  readonly to: string;
  readonly invoices: readonly string[];
  readonly cost: MessageCost;
  readonly message: ComposedMessage;
}

/**
 * `cobranza preview --account ID --step STEP`: what that cadence step would send this account now —
 * the channel it would choose (consents and preference included), every open invoice whose segment
 * has that step (one consolidated message), rendered for the account's locale. Nothing is sent.
 */
export async function previewStep(runtime: Runtime, accountId: string, stepId: string, channel?: Channel): Promise<Preview> {
  const { account, invoices } = await runtime.accountWithInvoices(accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  const policy = await runtime.activePolicy();
  const now = runtime.clock.now();
  const open = invoices.filter((invoice) => invoice.status === 'open' && invoice.balance > 0);
  if (open.length === 0) throw new Error(`account ${accountId} has no open invoice: nothing would be sent`);
  const withStep = open.map((invoice) => ({ invoice, segment: selectSegment(account, invoice, policy, now) })).filter(({ segment }) => segment.cadence.some((s) => s.id === stepId));
  if (withStep.length === 0) {
    const known = [...new Set(open.flatMap((invoice) => selectSegment(account, invoice, policy, now).cadence.map((s) => s.id)))];
    throw new Error(`no open invoice of ${accountId} has a step '${stepId}' in its segment today; steps: ${known.join(', ')}`);
  }
  const { segment } = withStep[0]!;
  const step = segment.cadence.find((s) => s.id === stepId)!;
  const chosen = chooseChannel(channel ?? step.channel, account, await runtime.consents(accountId), policy.channels.preference, []);
  if (!chosen.ok) throw new Error(`${accountId} cannot be reached: ${chosen.reason}`);
  const used = channel && chosen.choice.channel !== channel ? undefined : chosen.choice;
  if (!used) throw new Error(`${accountId} cannot be reached by ${channel}: ${chosen.ok ? 'not usable' : ''}`);
  const message = composeMessage({
    account,
    invoices: withStep.map(({ invoice }) => invoice),
    template: step.template,
    tone: step.tone,
    channel: used.channel,
    now,
    policy,
    ...(used.channel === 'email' ? { unsubscribeUrl: 'http://127.0.0.1:8787/unsubscribe?t=…' } : {}),
  });
  return {
    accountId,
    step: step.id,
    segment: segment.id,
    channel: used.channel,
    to: used.address,
    invoices: withStep.map(({ invoice }) => invoice.invoiceNumber),
    cost: messageCost(used.channel, account.country, message.channel === 'sms' ? message.segments : 1, policy.channels.prices),
    message,
  };
}

export function formatPreview(preview: Preview): string {
  const { message } = preview;
  const head = `${preview.channel} to ${preview.to} · step ${preview.step} (${preview.segment}) · ${preview.invoices.length} invoice${preview.invoices.length === 1 ? '' : 's'} · est. cost ${(preview.cost.micros / 1_000_000).toFixed(4)} ${preview.cost.currency}`;
  if (message.channel === 'email') return `${head}\nSubject: ${message.subject}\n\n${message.text}`;
  if (message.channel === 'sms') return `${head}\n${message.segments} segment${message.segments === 1 ? '' : 's'} (${message.encoding})\n\n${message.body}`;
  return `${head}\ntemplate ${message.templateName} (${message.languageCode}), parameters:\n${message.parameters.map((p, i) => `  {{${i + 1}}} ${p}`).join('\n')}\n\n${message.preview}`;
}
