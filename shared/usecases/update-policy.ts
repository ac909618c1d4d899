import { contentHash } from '../domain/content-hash.js';
import { parsePolicy } from '../domain/policy/parse.js';
import type { Clock, EscalationStore, InteractionLog, MessageQueue, ObjectStore, PolicyStore } from '../ports.js';
import type { EvaluationRequest } from '../config/escalation.js';
import { requestEvaluation } from './escalation-requests.js';
import { reportKeyFor } from './report-key.js';

export interface UpdatePolicyDeps {
  readonly policies: PolicyStore;
  readonly log: InteractionLog;
  readonly files: ObjectStore;
  readonly clock: Clock;
  /** Escalation (issue #5): a new policy re-evaluates every open escalation at once (stages, score, actions). */
  readonly escalation?: Pick<EscalationStore, 'listEscalatedAccounts'>;
  readonly evaluations?: MessageQueue<EvaluationRequest>;
}

export type PolicyUpdateReport =
  | { readonly file: string; readonly accepted: true; readonly version: number }
  | { readonly file: string; readonly accepted: false; readonly error: string };

/**
 * Validates a policy file dropped under `config/` and makes it the active policy. A malformed file is
 * refused with the zod path of the first problem, and the previous policy stays in force.
 */
export async function updatePolicy(deps: UpdatePolicyDeps, input: { readonly key: string }): Promise<PolicyUpdateReport> {
  const at = deps.clock.now().toISOString();
  const text = await deps.files.getText(input.key);
  const parsed =
    text === undefined ? { ok: false as const, error: `file ${input.key} not found` } : parsePolicy(text);

  const report: PolicyUpdateReport = parsed.ok
    ? { file: input.key, accepted: true, version: parsed.policy.version }
    : { file: input.key, accepted: false, error: parsed.error };
  if (parsed.ok) await deps.policies.setActive(parsed.policy, input.key, at);

  await deps.files.putText(reportKeyFor(input.key), `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  await deps.log.append([
    {
      interactionId: `policy#${contentHash({ key: input.key, at, text: text ?? null })}`,
      accountId: 'SYSTEM',
      at,
      type: parsed.ok ? 'policy.updated' : 'policy.rejected',
      detail: parsed.ok ? `${input.key} (version ${parsed.policy.version})` : `${input.key}: ${parsed.error}`,
    },
  ]);
  if (parsed.ok && deps.escalation && deps.evaluations) {
    const now = deps.clock.now();
    const key = `v${parsed.policy.version}-${contentHash({ key: input.key, at })}`.slice(0, 40);
    for (const accountId of await deps.escalation.listEscalatedAccounts()) {
      await requestEvaluation(deps.evaluations, accountId, 'policy', key, now, `policy version ${parsed.policy.version}`);
    }
  }
  return report;
}
