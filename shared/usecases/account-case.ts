import type { Dispute, EscalationRecord, PaymentPlan, PromiseToPay } from '../domain/escalation/types.js';
import type { Interaction } from '../domain/types.js';
import type { AccountStore, AgentTask, EscalationStore, InteractionLog, StoredAccount, StoredInvoice, TaskStore } from '../ports.js';

/** Everything known about one account's collection case: what an evaluation, a hand-off package and a collector read. */
export interface AccountCase {
  readonly account: StoredAccount | undefined;
  readonly invoices: StoredInvoice[];
  readonly record: EscalationRecord;
  readonly promises: PromiseToPay[];
  readonly disputes: Dispute[];
  readonly plans: PaymentPlan[];
  readonly openTasks: AgentTask[];
  readonly history: Interaction[];
}

/** Reads the whole case in one round of parallel reads (each a query on the account's partition). */
export async function loadAccountCase(
  deps: { readonly store: AccountStore; readonly escalation: EscalationStore; readonly tasks: TaskStore; readonly log: InteractionLog },
  accountId: string,
): Promise<AccountCase> {
  const [account, invoices, record, promises, disputes, plans, openTasks, history] = await Promise.all([
    deps.store.getAccount(accountId),
    deps.store.listAccountInvoices(accountId),
    deps.escalation.getEscalation(accountId),
    deps.escalation.listPromises(accountId),
    deps.escalation.listDisputes(accountId),
    deps.escalation.listPlans(accountId),
    deps.tasks.listOpenTasks(accountId),
    deps.log.listForAccount(accountId),
  ]);
  return { account, invoices, record, promises, disputes, plans, openTasks, history };
}
