/**
 * Text from outside (a debtor's SMS reply, a payer name from a bank statement, a file's cell) reaches
 * the terminal through the CLI. A raw ESC starts an escape sequence: it can recolour, move the cursor,
 * rewrite the line above, set the window title or, on some terminals, write a file or a link. So
 * everything the CLI prints passes through {@link terminalSafe} once, at the point of writing.
 */

/**
 * C0 controls but the line feed (the CLI's own line separator), DEL, C1 controls (U+0080–U+009F: 0x9B
 * is a one-character CSI on some terminals), and the bidirectional overrides and isolates that make
 * text display in another order than it reads (U+202A–U+202E, U+2066–U+2069, U+061C).
 */
const UNSAFE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u202A-\u202E\u2066-\u2069]/g;

/**
 * Shows every unsafe character as an escape a person can read: C0 as `\x1b`, the others as `\u009b`.
 * JSON output stays valid JSON with the same value: JSON.stringify already escapes C0 (so no raw C0
 * is left for `\x..`), and `\u....` is JSON's own escape. Linear, one pass.
 *
 * @example terminalSafe('pagado \x1b[2J') // 'pagado \\x1b[2J'
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Outside text inside one line of a listing: its line breaks and runs of spaces become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
