import { MissingVariableError } from './errors.js';

/** `{{name}}`, spaces inside the braces allowed (`{{ name }}`). */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/**
 * The variable names a text uses, in order of appearance (repeats kept).
 *
 * @example
 * placeholderNames('Hola {{customerName}}, total {{ total }}') // ['customerName', 'total']
 */
export function placeholderNames(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => (match[1] ?? '').trim());
}

/**
 * Why the braces of a text are wrong, or undefined: a `{{` or `}}` without its pair, or a single-brace
 * `{name}` (the payment-link style) where `{{name}}` was meant.
 */
export function braceProblem(text: string): string | undefined {
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) return 'unbalanced braces: every "{{" needs a matching "}}"';
  const single = /\{\s*([A-Za-z]\w*)\s*\}/.exec(rest);
  if (single) return `{${single[1]}} has single braces; write {{${single[1]}}}`;
  return undefined;
}

/**
 * The text with each `{{name}}` replaced by its value, in one pass: a value that itself contains
 * `{{…}}` (a customer called "{{total}}") is never expanded again. Throws MissingVariableError when a
 * variable has no value, so a gap is an error, never a blank in a message.
 *
 * @example
 * fillPlaceholders('Hola {{customerName}}', { customerName: 'ACME' }) // 'Hola ACME'
 */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | undefined>>): string {
  return text.replace(PLACEHOLDER, (_, raw: string) => {
    const name = raw.trim();
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new MissingVariableError(name);
    return value;
  });
}
