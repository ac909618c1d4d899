import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCp852, decodeNamed } from '../../../../shared/domain/payments/files/code-pages.js';

describe('code pages', () => {
  it('decodes every CP852 byte as iconv-lite does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeCp852(all)).toBe(iconv.decode(Buffer.from(all), 'cp852'));
  });

  it('decodes Windows-1252 and ISO-8859-1 through TextDecoder, and knows CP852 by its usual names', () => {
    expect(decodeNamed(Uint8Array.from([0x50, 0xe9, 0x72, 0x65, 0x7a]), 'windows-1252')).toBe('Pérez');
    expect(decodeNamed(Uint8Array.from([0xe9]), 'ISO-8859-1')).toBe('é');
    expect(decodeNamed(Uint8Array.from([0xa0]), 'IBM852')).toBe('á');
    expect(decodeNamed(Uint8Array.from([0x41]), 'x-no-such-encoding')).toBeUndefined();
  });
});
