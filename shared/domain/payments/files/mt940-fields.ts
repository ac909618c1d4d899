/**
 * MT940 text → its tagged fields (`:20:`, `:25:`, `:61:`, `:86:` …), each with the physical line it
 * starts on and its continuation lines. What banks wrap around the fields is dropped: SWIFT FIN blocks
 * (`{1:…}{2:…}{4:` … `-}{5:…}`), SOH/ETX framing bytes from SWIFT gateways, `-` / `-XXX` message
 * trailers and header lines such as ING's `0000 01INGBNL2AXXXX00001` before the first tag.
 */
export interface Mt940Field {
  readonly tag: string;
  /** 1-based physical line of the tag. */
  readonly line: number;
  /** The value's lines: the rest of the tag line, then each continuation line. */
  readonly lines: readonly string[];
  /** Length of each value line as written (the tag line without its tag), to tell wraps from breaks. */
  readonly widths: readonly number[];
}

const TAG = /^:(\d{2}[A-Z]?|NS):(.*)$/;
const FRAMING = /[\u0001\u0003\u001A]/g;

export function mt940Fields(text: string): Mt940Field[] {
  const fields: { tag: string; line: number; lines: string[]; widths: number[] }[] = [];
  let current: (typeof fields)[number] | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    let line = raw.replace(FRAMING, '');
    if (line.startsWith('{')) {
      // `{1:F01…}{2:O940…}{3:…}{4:` opens a message; the text after `{4:` (usually nothing) is its first line.
      const body = line.indexOf('{4:');
      current = undefined;
      if (body === -1) return;
      line = line.slice(body + 3);
    }
    if (/^-(\}|XXX|\s*$)/.test(line)) {
      current = undefined;
      return;
    }
    const tagged = TAG.exec(line);
    if (tagged) {
      const value = tagged[2] ?? '';
      current = { tag: tagged[1] ?? '', line: index + 1, lines: [value], widths: [value.length] };
      fields.push(current);
    } else if (current) {
      current.lines.push(line);
      current.widths.push(line.length);
    }
  });
  return fields;
}

/**
 * Joins a field's lines. MT940 lines hold at most 65 characters, and banks cut long texts at exactly
 * that width, mid-word (`Marta Metzge` / `r`); a shorter line ended on purpose. So a full-width line
 * is glued to the next one, any other break becomes a space.
 */
export function joinWrapped(field: Mt940Field, from = 0): string {
  let out = '';
  for (let index = from; index < field.lines.length; index += 1) {
    const previousWidth = field.widths[index - 1] ?? 0;
    const separator = index === from || previousWidth >= 65 ? '' : ' ';
    out += separator + (field.lines[index] ?? '');
  }
  return out;
}
