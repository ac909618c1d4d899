const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values: `A&B <C>` → `A&amp;B &lt;C&gt;`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export interface HtmlEmail {
  readonly lang: string;
  readonly title: string;
  readonly greeting: string;
  readonly body: readonly string[];
  readonly details: readonly (readonly [label: string, value: string])[];
  readonly payLabel: string;
  readonly payUrl: string;
  readonly linkFallback: string;
  readonly note?: string;
  readonly closing: string;
  readonly signature: string;
}

const PARAGRAPH = 'margin:0 0 16px;';

/**
 * A simple, single-column email that survives mail clients: inline styles only, a table for the
 * invoice details, a button and the raw link under it. Every piece of text is escaped here, so callers
 * pass plain text.
 */
export function htmlEmail(email: HtmlEmail): string {
  const p = (text: string, style = PARAGRAPH): string => `<p style="${style}">${escapeHtml(text)}</p>`;
  const url = escapeHtml(email.payUrl);
  const rows = email.details
    .map(
      ([label, value]) =>
        `<tr><td style="padding:4px 16px 4px 0;color:#52606d;">${escapeHtml(label)}</td>` +
        `<td style="padding:4px 0;font-weight:bold;">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const signature = email.signature.split(/\r?\n/).map(escapeHtml).join('<br>');
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(email.lang)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(email.title)}</title></head>`,
    '<body style="margin:0;padding:0;background-color:#f4f5f7;">',
    '<div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">',
    p(email.greeting),
    ...email.body.map((text) => p(text)),
    `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 20px;">${rows}</table>`,
    `<p style="margin:0 0 12px;"><a href="${url}" style="display:inline-block;padding:10px 20px;background-color:#0b5cab;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">${escapeHtml(email.payLabel)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#52606d;">${escapeHtml(email.linkFallback)} <a href="${url}" style="color:#0b5cab;">${url}</a></p>`,
    ...(email.note ? [p(email.note)] : []),
    `<p style="margin:24px 0 0;">${escapeHtml(email.closing)}<br>${signature}</p>`,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}
