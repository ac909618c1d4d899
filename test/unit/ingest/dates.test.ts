import { describe, expect, it } from 'vitest';
import { readDate } from '../../../shared/domain/ingest/dates.js';
import { HEADER, lines, read, row } from './support.js';

describe('readDate', () => {
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026-12-01T23:30:00-06:00', '2026-12-01'],
    ['2026-12-01 00:00:00', '2026-12-01'],
    ['2026/12/01', '2026-12-01'],
    ['20261201', '2026-12-01'],
    ['01/12/2026', '2026-12-01'],
    ['1/12/2026', '2026-12-01'],
    ['01-12-2026', '2026-12-01'],
    ['01.12.2026', '2026-12-01'],
    ['01/12/2026 00:00:00', '2026-12-01'],
    ['01-dic-2026', '2026-12-01'],
    ['1 de diciembre de 2026', '2026-12-01'],
    ['01/Sep/2026', '2026-09-01'],
    ['Dec 1, 2026', '2026-12-01'],
    ['29/02/2028', '2028-02-29'],
  ])('reads %s as %s (day first)', (text, date) => {
    expect(readDate(text, 'DMY')).toEqual({ ok: true, date });
  });

  it.each([
    ['31/02/2026', 'February 2026 has 28 days'],
    ['29/02/2027', 'February 2027 has 28 days'],
    ['31/04/2026', 'April 2026 has 30 days'],
    ['00/12/2026', 'there is no day 0'],
    ['13/13/2026', 'there is no month 13'],
    ['2026-13-01', 'there is no month 13'],
    ['01/12/26', 'the year must have 4 digits (write e.g. 01/12/2026)'],
    ['1-dic-26', 'the year must have 4 digits (write e.g. 1-dic-2026)'],
    ['46357', 'looks like a spreadsheet date serial number; format the column as a date (DD/MM/YYYY or YYYY-MM-DD)'],
    ['pronto', 'not a date; use YYYY-MM-DD or DD/MM/YYYY'],
    ['0202-12-01', 'year 202 is out of range'],
  ])('refuses %s: %s', (text, detail) => {
    expect(readDate(text, 'DMY')).toEqual({ ok: false, problem: 'invalid', detail });
  });

  it('reads month first when the file is MM/DD', () => {
    expect(readDate('05/06/2026', 'MDY')).toEqual({ ok: true, date: '2026-05-06' });
    expect(readDate('05/06/2026', 'DMY')).toEqual({ ok: true, date: '2026-06-05' });
  });

  it('in a mixed file reads only dates that cannot be misread', () => {
    expect(readDate('25/03/2026', 'mixed')).toEqual({ ok: true, date: '2026-03-25' });
    expect(readDate('03/25/2026', 'mixed')).toEqual({ ok: true, date: '2026-03-25' });
    expect(readDate('05/05/2026', 'mixed')).toEqual({ ok: true, date: '2026-05-05' });
    expect(readDate('05/06/2026', 'mixed')).toMatchObject({ ok: false, problem: 'ambiguous' });
  });
});

describe('date order decided per file', () => {
  it('reads DD/MM/YYYY by default, quietly when some date confirms it', async () => {
    const result = await read(lines(HEADER, row('F-1', '100', { due: '05/06/2026' }), row('F-2', '100', { due: '25/12/2026' })));
    expect(result.accepted.map((r) => r.invoice.dueDate)).toEqual(['2026-06-05', '2026-12-25']);
    expect(result.warnings).toEqual([]);
  });

  it('says so when no date in the file shows the order', async () => {
    const result = await read(lines(HEADER, row('F-1', '100', { due: '05/06/2026' })));
    expect(result.accepted[0]?.invoice.dueDate).toBe('2026-06-05');
    expect(result.warnings).toEqual([
      "dates read as DD/MM/YYYY, the usual order in Latin America: no date in the file shows the order (e.g. '05/06/2026' at line 2 could be either)",
    ]);
  });

  it('detects an MM/DD/YYYY file and reads all of it that way, with a warning', async () => {
    const result = await read(
      lines(HEADER, row('F-1', '100', { due: '05/06/2026' }), row('F-2', '100', { due: '2026-07-01' }), row('F-3', '100', { due: '03/25/2026' })),
    );
    expect(result.accepted.map((r) => r.invoice.dueDate)).toEqual(['2026-05-06', '2026-07-01', '2026-03-25']);
    expect(result.warnings).toEqual(["dates read as MM/DD/YYYY because e.g. '03/25/2026' at line 4"]);
  });

  it('rejects rows whose dates cannot be read consistently in a file that mixes both orders', async () => {
    const result = await read(
      lines(
        HEADER,
        row('F-1', '100', { due: '25/03/2026' }),
        row('F-2', '100', { due: '05/06/2026' }),
        row('F-3', '100', { due: '03/25/2026' }),
        row('F-4', '100', { due: '2026-06-05' }),
      ),
    );
    expect(result.accepted.map((r) => [r.line, r.invoice.dueDate])).toEqual([
      [2, '2026-03-25'],
      [4, '2026-03-25'],
      [5, '2026-06-05'],
    ]);
    expect(result.rejected).toEqual([
      {
        kind: 'rejected',
        line: 3,
        reason:
          "ambiguous due date '05/06/2026': this file mixes DD/MM/YYYY (e.g. '25/03/2026' at line 2) and MM/DD/YYYY (e.g. '03/25/2026' at line 4); write it as YYYY-MM-DD",
      },
    ]);
    expect(result.warnings).toEqual([
      "dates in this file mix DD/MM/YYYY (e.g. '25/03/2026' at line 2) and MM/DD/YYYY (e.g. '03/25/2026' at line 4): rows with a date that could be read either way like '05/06/2026' at line 3 are rejected",
    ]);
  });

  it('rejects an impossible or 2-digit-year due date, naming the value', async () => {
    const result = await read(lines(HEADER, row('F-1', '100', { due: '31/02/2026' }), row('F-2', '100', { due: '15/12/26' }), row('F-3', '100', { due: '' })));
    expect(result.rejected.map((r) => r.reason)).toEqual([
      "invalid due date '31/02/2026': February 2026 has 28 days",
      "invalid due date '15/12/26': the year must have 4 digits (write e.g. 15/12/2026)",
      'missing due date',
    ]);
  });

  it('keeps a row with a bad issue date, without the issue date, and warns', async () => {
    const text = lines(`${HEADER},issue_date`, `${row('F-1', '100', { due: '15/12/2026' })},31/11/2026`, `${row('F-2', '100', { due: '15/11/2026' })},20/11/2026`);
    const result = await read(text);
    expect(result.accepted[0]?.invoice.issueDate).toBeUndefined();
    expect(result.accepted[0]?.warnings).toEqual(["invalid issue date '31/11/2026': November 2026 has 30 days; skipped"]);
    expect(result.accepted[1]?.warnings).toEqual(['due date 2026-11-15 is before the issue date 2026-11-20']);
  });
});
