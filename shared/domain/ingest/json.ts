import { describeSize, splitLines } from './decode.js';
import { FileRejectedError } from './errors.js';

/** One JSON record (normally an object with an invoice's fields) and the line where it begins. */
export interface JsonRecord {
  readonly value: unknown;
  readonly line: number;
}

/**
 * The elements of a JSON array file. The array is held in memory (up to `maxChars`; larger files
 * should be JSON Lines, which stream), and a light scan finds the line each element begins on.
 */
export async function* jsonArrayRecords(text: AsyncIterable<string>, maxChars: number): AsyncGenerator<JsonRecord> {
  const parts: string[] = [];
  let size = 0;
  for await (const chunk of text) {
    size += chunk.length;
    if (size > maxChars) {
      throw new FileRejectedError(
        `the JSON array is larger than ${describeSize(maxChars)}; send large files as JSON Lines (.jsonl, one invoice object per line)`,
      );
    }
    parts.push(chunk);
  }
  let document = parts.join('');
  parts.length = 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch (error) {
    throw new FileRejectedError(malformed(error, document), { cause: error });
  }
  if (!Array.isArray(parsed)) {
    throw new FileRejectedError('malformed JSON: expected an array of invoice objects ([{...}, {...}]) or one object per line (JSON Lines)');
  }
  const lines = elementLines(document);
  document = ''; // only the parsed elements are needed from here on
  for (const [index, value] of parsed.entries()) yield { value, line: lines[index] ?? 1 };
}

/**
 * JSON Lines: one object per physical line, streamed. Blank lines are skipped; a line that is not
 * valid JSON makes the whole file malformed (found in the first pass, before anything is applied).
 */
export async function* jsonLineRecords(text: AsyncIterable<string>, maxLine: number): AsyncGenerator<JsonRecord> {
  for await (const { text: lineText, line } of splitLines(text, maxLine)) {
    if (lineText.trim() === '') continue;
    try {
      yield { value: JSON.parse(lineText), line };
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new FileRejectedError(
        `malformed JSON at line ${line}: ${cleanMessage(error.message)} (JSON Lines needs one complete invoice object per line)`,
        { cause: error },
      );
    }
  }
}

/** The 1-based line on which each top-level array element begins. Strings and nesting are respected. */
export function elementLines(document: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expecting = false;
  for (let index = 0; index < document.length; index += 1) {
    const char = document.charCodeAt(index);
    if (char === 10) line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === 92) escaped = true; // backslash
      else if (char === 34) inString = false; // quote
      continue;
    }
    if (char === 32 || char === 9 || char === 10 || char === 13) continue;
    if (depth === 1 && expecting && char !== 93) {
      lines.push(line);
      expecting = false;
    }
    if (char === 34) inString = true;
    else if (char === 91 || char === 123) {
      depth += 1;
      if (depth === 1) expecting = true;
    } else if (char === 93 || char === 125) depth -= 1;
    else if (char === 44 && depth === 1) expecting = true; // comma between elements
  }
  return lines;
}

function malformed(error: unknown, document: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (/unexpected end/i.test(message) || (position && Number(position[1]) >= document.trimEnd().length)) {
    return 'malformed JSON: the file ends before the JSON is complete (is it cut off?)';
  }
  const lineColumn = /line (\d+) column \d+/.exec(message);
  const line = lineColumn ? Number(lineColumn[1]) : position ? lineOf(document, Number(position[1])) : undefined;
  return `malformed JSON${line ? ` at line ${line}` : ''}: ${cleanMessage(message)}`;
}

function cleanMessage(message: string): string {
  return message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/\s*in JSON at position \d+/, '')
    .replace(/,\s*".*" is not valid JSON$/, '');
}

function lineOf(document: string, position: number): number {
  let line = 1;
  for (let index = document.indexOf('\n'); index !== -1 && index < position; index = document.indexOf('\n', index + 1)) line += 1;
  return line;
}
