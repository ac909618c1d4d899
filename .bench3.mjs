import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { Readable, pipeline } from 'node:stream';
const header = 'Folio;No. Cliente;Razón Social;RFC;Correo;Teléfono;País;Moneda;Importe;Saldo;Fecha Emisión;Fecha Vencimiento;Estatus\n';
const N = 100_000;
const mk = (i) => `F-${i};C-${i % 500};Abarrotes La Esperanza SA de CV;ALE950314AB1;cobranza@abarroteslaesperanza.example.com;55 5123 4567;MX;MXN;18,560.00;18,560.00;04/07/2026;03/08/2026;Vencida\n`;
const chunks = []; for (let c = 0; c < N / 1000; c++) { let s = ''; for (let i = 0; i < 1000; i++) s += mk(c * 1000 + i); chunks.push(s); }
const base = { delimiter: ';', record_delimiter: '\n', relax_column_count: true, relax_quotes: true, skip_empty_lines: true };
for (const [name, opts] of [['plain', {}], ['trim', { trim: true }], ['info', { info: true }], ['info+trim', { info: true, trim: true }], ['on_record', { on_record: (r, c) => { c.lines; return r; } }]]) {
  let t = performance.now(); let n = 0;
  const p = parse({ ...base, ...opts }); pipeline(Readable.from(chunks), p, () => {});
  for await (const _ of p) n++;
  console.log(name, Math.round(performance.now() - t), n);
}
let t = performance.now(); const r = parseSync(chunks.join(''), { ...base, info: true, trim: true }); console.log('sync info+trim', Math.round(performance.now() - t), r.length);
t = performance.now(); const p = parse({ ...base, info: true, trim: true }); let n = 0; p.on('readable', () => { let x; while ((x = p.read()) !== null) n++; }); await new Promise((res) => { p.on('end', res); for (const c of chunks) p.write(c); p.end(); }); console.log('events', Math.round(performance.now() - t), n);
