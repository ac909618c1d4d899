/**
 * WhatsApp Cloud API (Meta) error codes that mean "this number can never receive our WhatsApp
 * messages": the sender and the event parser both use this table, so a synchronous refusal and a
 * later `failed` status are classified the same way.
 *
 * | code   | reason        | meaning                                                                 |
 * | ------ | ------------- | ----------------------------------------------------------------------- |
 * | 131026 | no-whatsapp   | message undeliverable: not a WhatsApp user, app too old, terms not accepted |
 * | 131021 | invalid-number| the recipient is our own sending number                                 |
 * | 131030 | not-permitted | the recipient is not in the test number's allowed list                  |
 * | 131050 | opted-out     | the user stopped marketing messages from us                             |
 *
 * Not permanent (left out on purpose): 131047 (24-hour window: a template is needed, which we send),
 * 131049 (Meta held it back for ecosystem engagement, retry later), 131048 / 131056 / 130429 (rate
 * limits), 131000 / 131016 (Meta errors), 131008 / 131009 / 1320xx (our parameters or template).
 *
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 */
export const META_PERMANENT_ERRORS: Readonly<Record<number, { readonly reason: string; readonly meaning: string }>> = {
  131026: { reason: 'no-whatsapp', meaning: 'message undeliverable (no WhatsApp account, old app or terms not accepted)' },
  131021: { reason: 'invalid-number', meaning: 'recipient cannot be the sender' },
  131030: { reason: 'not-permitted', meaning: 'recipient not in the allowed list of the test number' },
  131050: { reason: 'opted-out', meaning: 'the user stopped marketing messages from this business' },
};

/** The permanent reason for a Meta error code, if the code is one of the table's. */
export function metaPermanentReason(code: number | undefined): string | undefined {
  return code === undefined ? undefined : META_PERMANENT_ERRORS[code]?.reason;
}

/** The first Meta error code written in a text (`(#131026)`, `error 131030: …`), if any. */
export function metaCodeIn(text: string): number | undefined {
  const match = /(?:^|\D)(13\d{4})(?!\d)/.exec(text);
  return match ? Number(match[1]) : undefined;
}
