const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values: `A&B <C>` → `A&amp;B &lt;C&gt;`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export interface HtmlLink {
  readonly label: string;
  readonly url: string;
}

/** The invoices of a consolidated message: one row each, a cell may be a link (pay this invoice). */
export interface HtmlTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly (string | HtmlLink)[])[];
  /** Last, bold rows, e.g. `[['Total', '$1,500.00']]`. */
  readonly totals?: readonly (readonly [label: string, value: string])[];
}

/** The small print under the signature, e.g. the one-click unsubscribe link. */
export interface HtmlFooter {
  readonly text: string;
  readonly link: HtmlLink;
}

export interface HtmlEmail {
  readonly lang: string;
  readonly title: string;
  readonly greeting: string;
  readonly body: readonly string[];
  /** Label / value rows of one invoice; ignored when `table` is given. */
  readonly details: readonly (readonly [label: string, value: string])[];
  readonly table?: HtmlTable;
  /** A paragraph under the details, e.g. the account's other overdue invoices, not in this message. */
  readonly afterDetails?: string;
  readonly payLabel: string;
  readonly payUrl: string;
  readonly linkFallback: string;
  /** More links under the payment link, e.g. the customer portal. */
  readonly links?: readonly HtmlLink[];
  readonly note?: string;
  readonly closing: string;
  readonly signature: string;
  readonly footer?: HtmlFooter;
}

const PARAGRAPH = 'margin:0 0 16px;';
const LINK = 'color:#0b5cab;';
const CELL = 'padding:4px 16px 4px 0;';

/**
 * A simple, single-column email that survives mail clients: inline styles only, a table for the
 * invoice details, a button and the raw link under it. Every piece of text is escaped here, so callers
 * pass plain text.
 */
export function htmlEmail(email: HtmlEmail): string {
  const p = (text: string, style = PARAGRAPH): string => `<p style="${style}">${escapeHtml(text)}</p>`;
  const url = escapeHtml(email.payUrl);
  const rows = email.table
    ? tableRows(email.table)
    : email.details
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
    ...(email.afterDetails ? [p(email.afterDetails)] : []),
    `<p style="margin:0 0 12px;"><a href="${url}" style="display:inline-block;padding:10px 20px;background-color:#0b5cab;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">${escapeHtml(email.payLabel)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#52606d;">${escapeHtml(email.linkFallback)} <a href="${url}" style="color:#0b5cab;">${url}</a></p>`,
    ...(email.links ?? []).map((link) => `<p style="${PARAGRAPH}">${escapeHtml(link.label)} ${anchor(link.url, link.url)}</p>`),
    ...(email.note ? [p(email.note)] : []),
    `<p style="margin:24px 0 0;">${escapeHtml(email.closing)}<br>${signature}</p>`,
    ...(email.footer ? [footerHtml(email.footer)] : []),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

function anchor(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" style="${LINK}">${escapeHtml(label)}</a>`;
}

function tableRows(table: HtmlTable): string {
  const cell = (value: string | HtmlLink): string => (typeof value === 'string' ? escapeHtml(value) : anchor(value.url, value.label));
  const head = `<tr>${table.head.map((h) => `<th style="${CELL}text-align:left;color:#52606d;font-weight:normal;">${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = table.rows.map((row) => `<tr>${row.map((value) => `<td style="${CELL}">${cell(value)}</td>`).join('')}</tr>`).join('');
  const totals = (table.totals ?? [])
    .map(([label, value]) => `<tr><td style="${CELL}font-weight:bold;">${escapeHtml(label)}</td><td style="${CELL}font-weight:bold;">${escapeHtml(value)}</td></tr>`)
    .join('');
  return head + body + totals;
}

function footerHtml(footer: HtmlFooter): string {
  return `<p style="margin:32px 0 0;font-size:12px;color:#7b8794;">${escapeHtml(footer.text)} ${anchor(footer.link.url, footer.link.label)}</p>`;
}

export interface HtmlFromText {
  readonly lang: string;
  readonly title: string;
  /** Plain text: paragraphs separated by a blank line, lines by a newline. */
  readonly text: string;
  readonly footer?: HtmlFooter;
}

/**
 * HTML for a message a company wrote itself (a policy override): the same frame as `htmlEmail`, each
 * paragraph escaped, new lines kept, and every http(s) URL turned into a link, so the text and the
 * HTML say the same thing.
 *
 * @example
 * htmlFromText({ lang: 'es-MX', title: 'Aviso', text: 'Hola.\n\nPague en https://pay.example.com/1' })
 */
export function htmlFromText(email: HtmlFromText): string {
  const paragraphs = email.text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p style="${PARAGRAPH}">${paragraph.split(/\r?\n/).map(linkify).join('<br>')}</p>`);
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(email.lang)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(email.title)}</title></head>`,
    '<body style="margin:0;padding:0;background-color:#f4f5f7;">',
    '<div style="max-width:600px;margin:0 auto;padding:24px;background-color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">',
    ...paragraphs,
    ...(email.footer ? [footerHtml(email.footer)] : []),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** Escapes a line and links its URLs (a URL ends at white space; trailing punctuation stays text). */
function linkify(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(/https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g)) {
    out += escapeHtml(line.slice(last, match.index)) + anchor(match[0], match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeHtml(line.slice(last));
}
