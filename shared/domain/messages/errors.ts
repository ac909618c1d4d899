/**
 * A message cannot be made within its channel's limits: an SMS over the policy's segment budget even
 * in its shortest form, or a WhatsApp body over Meta's 1,024 characters. The policy check catches
 * this at load with long sample values; at send time it means unusually long real values.
 */
export class MessageTooLongError extends Error {
  override readonly name = 'MessageTooLongError';
}

/**
 * A text names a variable that has no value for this policy (e.g. `{{portalLink}}` without
 * `company.portalLinkTemplate`). The policy check rejects such a text at load; this guards the rest.
 */
export class MissingVariableError extends Error {
  override readonly name = 'MissingVariableError';
  constructor(readonly variable: string) {
    super(`{{${variable}}} has no value${variable === 'portalLink' ? ': set company.portalLinkTemplate in the policy' : ''}`);
  }
}

/**
 * A pre-legal letter was asked for an account with nothing it may demand: no open, undisputed invoice
 * at least one business day late. A letter that demands nothing, or what is not yet due, must never
 * go out (it would misstate the debt); the caller decides on the split first (splitForDemand).
 */
export class NothingToDemandError extends Error {
  override readonly name = 'NothingToDemandError';
  constructor(readonly accountId: string) {
    super(`account ${accountId} has no overdue, undisputed invoice to demand`);
  }
}
