/*
 * The local collections dashboard (served by `npm start` at /dashboard). Plain browser JavaScript: it
 * asks /api/kpis/options for the filters and /api/kpis for the KpiReport (the same JSON as
 * `cobranza kpis --json`) and draws it with Apache ECharts (SVG renderer). Every number shown carries
 * data-kpi="<key path in the report>" and data-format="<kind>"; all numbers go through format().
 * Text from outside (debtor names) is only ever set as textContent.
 */
'use strict';
(function () {
  const LOCALE = 'en-US';
  const DASH = '—';
  /** @type {{currencies: string[], countries: string[], defaultAsOf: string, minorDigits: Record<string, number>, curatedAt: string|null} | null} */
  let options = null;
  const charts = [];
  const byId = (id) => document.getElementById(id);

  const numberFormats = new Map();
  function numberFormat(key, make) {
    let f = numberFormats.get(key);
    if (!f) numberFormats.set(key, (f = make()));
    return f;
  }

  /**
   * The page's one formatting function. money: integer minor units shown with the currency's ISO 4217
   * digits (given by the server, exact: the integer becomes a decimal string, never a float division);
   * pct: 0–100 with 2 decimals and %; days and number: 2 decimals; count: a whole number; micros:
   * millionths of `currency`, 4 decimals; compact: minor units as a chart axis label (MX$250K). null: a dash.
   */
  function format(value, kind, currency) {
    if (value === null || value === undefined) return DASH;
    switch (kind) {
      case 'money': {
        const digits = options && currency in options.minorDigits ? options.minorDigits[currency] : 2;
        const f = numberFormat(`money:${currency}`, () => {
          let usual = digits;
          try { usual = new Intl.NumberFormat(LOCALE, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits; } catch { /* unknown code */ }
          return new Intl.NumberFormat(LOCALE, {
            style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
            ...(usual < digits ? { trailingZeroDisplay: 'stripIfInteger' } : {}),
          });
        });
        const sign = value < 0 ? '-' : '';
        const units = String(Math.abs(Math.trunc(value))).padStart(digits + 1, '0');
        const decimal = digits === 0 ? `${sign}${units}` : `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
        return f.format(decimal);
      }
      case 'compact':
        return numberFormat(`compact:${currency}`, () => new Intl.NumberFormat(LOCALE, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 })).format(value / 10 ** (options && currency in options.minorDigits ? options.minorDigits[currency] : 2));
      case 'count':
        return numberFormat('count', () => new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 })).format(value);
      case 'pct':
        return `${format(value, 'number')}%`;
      case 'days':
        return `${format(value, 'number')} days`;
      case 'micros':
        return currency ? `${currency} ${numberFormat('micros', () => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 4, maximumFractionDigits: 4 })).format(value / 1e6)}` : DASH;
      default:
        return numberFormat('number', () => new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(value);
    }
  }

  /** An element; strings become text (never HTML). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
    for (const child of children) if (child !== null && child !== undefined) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    return node;
  }

  /** A number as shown: its text, and where it comes from in the report. */
  function kpi(tag, path, value, kind, currency, attrs) {
    return el(tag, { ...(attrs || {}), 'data-kpi': path, 'data-format': kind, ...(kind === 'micros' ? { 'data-currency': currency || '' } : {}) }, format(value, kind, currency));
  }

  function setMessage(text, state) {
    byId('message').textContent = text;
    byId('message').setAttribute('role', state === 'error' ? 'alert' : 'status');
    document.body.dataset.state = state;
  }

  function filters() {
    const form = new FormData(byId('filters'));
    return { currency: String(form.get('currency') || ''), country: String(form.get('country') || 'ALL'), from: String(form.get('from') || ''), asOf: String(form.get('asOf') || '') };
  }

  function queryString(f, extra) {
    const q = new URLSearchParams({ ...(extra || {}), asOf: f.asOf, from: f.from, currency: f.currency, country: f.country });
    return q.toString();
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    const body = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
    return { status: response.status, body };
  }

  async function start() {
    const { status, body } = await getJson('/api/kpis/options');
    if (status !== 200) return setMessage(`Could not load the filters: ${body.error || status}`, 'error');
    options = body;
    if (options.currencies.length === 0) {
      byId('filters').hidden = true;
      return setMessage('No data yet: the lake has no invoices. Ingest an invoice file (npm run cobranza -- ingest FILE, or drop it into the inbox folder while npm start runs), then reload this page.', 'empty');
    }
    const url = new URL(location.href);
    const wanted = (name, fallback) => url.searchParams.get(name) || fallback;
    const currency = byId('currency');
    for (const c of options.currencies) currency.append(el('option', { value: c }, c));
    currency.value = options.currencies.includes(wanted('currency', '')) ? wanted('currency', '') : options.currencies[0];
    const country = byId('country');
    for (const c of options.countries) country.append(el('option', { value: c }, c));
    country.value = options.countries.includes(wanted('country', '')) ? wanted('country', '') : 'ALL';
    byId('asOf').value = wanted('asOf', options.defaultAsOf);
    byId('from').value = wanted('from', `${byId('asOf').value.slice(0, 8)}01`);
    byId('filters').addEventListener('submit', (event) => { event.preventDefault(); void load(); });
    for (const id of ['currency', 'country']) byId(id).addEventListener('change', () => void load());
    await load();
  }

  /** Only the latest request's answer is shown: an earlier one arriving later would show other filters' numbers. */
  let latest = 0;
  async function load() {
    const f = filters();
    const ticket = ++latest;
    history.replaceState(null, '', `/dashboard?${queryString(f)}`);
    setMessage('Loading…', 'loading');
    const { status, body } = await getJson(`/api/kpis?${queryString(f)}`);
    if (ticket !== latest) return;
    if (status === 404 && body.noData) return setMessage(`No data yet: ${body.error}`, 'empty');
    if (status !== 200) {
      byId('report').hidden = true;
      return setMessage(body.error || `error ${status}`, 'error');
    }
    render(body, f);
    byId('report').hidden = false;
    setMessage('', 'ready');
  }

  const CARDS = [
    { key: 'openAr', label: 'Open AR', kind: 'money', higherIs: 'bad' },
    { key: 'collected', label: 'Collected', kind: 'money', higherIs: 'good' },
    { key: 'dso', label: 'DSO', kind: 'days', higherIs: 'bad' },
    { key: 'bestPossibleDso', label: 'Best possible DSO', kind: 'days', higherIs: 'bad' },
    { key: 'averageDaysDelinquent', label: 'Average days delinquent', kind: 'days', higherIs: 'bad' },
    { key: 'countbackDso', label: 'Countback DSO', kind: 'days', higherIs: 'bad' },
    { key: 'cei', label: 'CEI', kind: 'pct', higherIs: 'good' },
    { key: 'percentCurrent', label: 'Percent current', kind: 'pct', higherIs: 'good' },
    { key: 'weightedDaysPastDue', label: 'Weighted days past due', kind: 'days', higherIs: 'bad' },
    { key: 'costPerRecovered', label: 'Cost per unit recovered', kind: 'number', higherIs: 'bad' },
  ];

  function render(report, f) {
    const cur = report.currency;
    reportCurrency = cur;
    const prev = report.previous;
    byId('period').textContent =
      `${report.from} to ${report.asOf} · ${cur} · ${report.country === 'ALL' ? 'all countries' : report.country}` +
      (prev ? ` · compared with ${prev.from} to ${prev.asOf}` : ' · no previous period') +
      (options.curatedAt ? ` · lake curated ${options.curatedAt.replace('T', ' ').slice(0, 19)} UTC` : '');

    const cards = byId('cards');
    cards.replaceChildren();
    for (const card of CARDS) {
      const value = report[card.key];
      const before = prev ? prev[card.key] : undefined;
      let change;
      if (before === undefined) change = el('div', { class: 'change' }, 'no previous figure');
      else if (value === null || before === null) change = el('div', { class: 'change' }, 'vs ', kpi('span', `previous.${card.key}`, before, card.kind, cur));
      else {
        const diff = value - before;
        const direction = diff === 0 ? '' : (diff > 0) === (card.higherIs === 'good') ? 'good' : 'bad';
        // A change of a percentage is in percentage points, not a percent of it.
        const size = card.kind === 'pct' ? `${Math.abs(diff).toFixed(2)} pp` : format(Math.abs(diff), card.kind, cur);
        const delta = `${diff > 0 ? '▲ +' : diff < 0 ? '▼ −' : '± '}${size}`;
        change = el('div', { class: `change ${direction}` }, el('span', { class: 'delta' }, delta), ' vs ', kpi('span', `previous.${card.key}`, before, card.kind, cur));
      }
      const extra = card.key === 'countbackDso' && report.countbackExceedsHistory ? el('div', { class: 'change' }, 'AR exceeds all sales on record: a floor') : null;
      cards.append(el('div', { class: 'card', 'data-card': card.key }, el('h3', {}, card.label), kpi('div', card.key, value, card.kind, cur, { class: 'value' }), change, extra));
    }

    drawCharts(report);

    const tables = byId('tables');
    tables.replaceChildren();
    const money = (path, v) => ({ path, value: v, kind: 'money' });
    const count = (path, v) => ({ path, value: v, kind: 'count' });
    const pct = (path, v) => ({ path, value: v, kind: 'pct' });
    const aging = Object.entries(report.aging);
    tables.append(
      table('Aging', 'aging', f, ['Bucket', 'Open amount', 'Share'], aging.map(([b, v]) => [b, money(`aging.${b}`, v), report.openAr > 0 ? `${format((v / report.openAr) * 100, 'number')}%` : DASH]), 'Open AR at the as-of date by days past due; sums to open AR.'),
      table('Roll rates', 'rollRates', f, ['Bucket at previous period end', 'Balance then', 'Rolled later', 'Cured', 'Roll rate', 'Cure rate'],
        Object.entries(report.rollRates).map(([b, r]) => [b, money(`rollRates.${b}.base`, r.base), money(`rollRates.${b}.rolled`, r.rolled), money(`rollRates.${b}.cured`, r.cured), pct(`rollRates.${b}.rollRate`, r.rollRate), pct(`rollRates.${b}.cureRate`, r.cureRate)]),
        'By the bucket each invoice was in at the end of the previous period.'),
      table('Promises to pay', 'promises', f, ['Kept', 'Broken', 'Pending', 'Kept rate', 'Kept rate by amount'],
        [[count('promises.kept', report.promises.kept), count('promises.broken', report.promises.broken), count('promises.pending', report.promises.pending), pct('promises.keptRate', report.promises.keptRate), pct('promises.keptAmountRate', report.promises.keptAmountRate)]],
        'Promises due in the period; pending ones are not rated.'),
      table('Channels', 'channels', f, ['Channel', 'Sent', 'Delivered', 'Responses', 'Response rate', 'Cost'],
        Object.entries(report.channels).map(([c, k]) => [c, count(`channels.${c}.sent`, k.sent), count(`channels.${c}.delivered`, k.delivered), count(`channels.${c}.responses`, k.responses), pct(`channels.${c}.responseRate`, k.responseRate), { path: `channels.${c}.costMicros`, value: k.costMicros, kind: 'micros', currency: k.costCurrency }]),
        'A response is a reply, a click or a payment within 7 days of the message.'),
      table('Channels by country, tone and template', 'channelDetail', f, ['Channel', 'Country', 'Tone', 'Template', 'Sent', 'Delivered', 'Responses', 'Response rate', 'Cost'],
        report.channelDetail.map((k, i) => [k.channel, k.country, k.tone, k.template, count(`channelDetail.${i}.sent`, k.sent), count(`channelDetail.${i}.delivered`, k.delivered), count(`channelDetail.${i}.responses`, k.responses), pct(`channelDetail.${i}.responseRate`, k.responseRate), { path: `channelDetail.${i}.costMicros`, value: k.costMicros, kind: 'micros', currency: k.costCurrency }])),
      table('Attribution', 'attribution', f, ['Channel', 'Tone', 'Template', 'Payments', 'Recovered'],
        report.attribution.map((a, i) => [a.channel, a.tone, a.template, count(`attribution.${i}.payments`, a.payments), money(`attribution.${i}.recovered`, a.recovered)]),
        'Each payment of the period credited to the last reminder sent on or before its value date.'),
      table('Recovery by escalation stage', 'recoveryByStage', f, ['Stage', 'Entries', 'Open on entering', 'Collected while there', 'Recovery rate'],
        stagesInOrder(report.recoveryByStage).map(([s, r]) => [s, count(`recoveryByStage.${s}.entries`, r.entries), money(`recoveryByStage.${s}.openAtEntry`, r.openAtEntry), money(`recoveryByStage.${s}.collected`, r.collected), pct(`recoveryByStage.${s}.recoveryRate`, r.recoveryRate)]),
        'Every time an account entered a stage up to the as-of date (not only in the period): what it paid while there over what it owed on entering.'),
      table('Top debtors', 'topDebtors', f, ['Account', 'Name', 'Country', 'Overdue', 'Overdue before', 'Open'],
        report.topDebtors.map((d, i) => [d.accountId, d.name, d.country, money(`topDebtors.${i}.overdue`, d.overdue), money(`topDebtors.${i}.overduePrevious`, d.overduePrevious), money(`topDebtors.${i}.open`, d.open)]),
        'By overdue balance at the as-of date; "before" is at the end of the previous period.'),
      table('Collectors', 'collectors', f, ['Collector', 'Tasks done', 'Promises recorded'],
        report.collectors.map((c, i) => [c.collector, count(`collectors.${i}.tasksDone`, c.tasksDone), count(`collectors.${i}.promisesRecorded`, c.promisesRecorded)])),
      table('Trend', 'trend', f, ['Period', 'From', 'As of', 'Open AR', 'Collected', 'DSO', 'CEI', 'Percent current'], [
        ...(prev ? [['previous', prev.from, prev.asOf, money('previous.openAr', prev.openAr), money('previous.collected', prev.collected), { path: 'previous.dso', value: prev.dso, kind: 'days' }, pct('previous.cei', prev.cei), pct('previous.percentCurrent', prev.percentCurrent)]] : []),
        ['this', report.from, report.asOf, money('openAr', report.openAr), money('collected', report.collected), { path: 'dso', value: report.dso, kind: 'days' }, pct('cei', report.cei), pct('percentCurrent', report.percentCurrent)],
      ]),
    );
  }

  /** Escalation stages in the order accounts walk them (others after, as the report gives them). */
  const STAGE_ORDER = ['current', 'early', 'mid', 'advanced', 'pre-legal', 'hand-off', 'closed', 'written-off'];
  function stagesInOrder(recoveryByStage) {
    const rank = (s) => (STAGE_ORDER.includes(s) ? STAGE_ORDER.indexOf(s) : STAGE_ORDER.length);
    return Object.entries(recoveryByStage).sort(([a], [b]) => rank(a) - rank(b));
  }

  /** A table with its CSV link; a cell is text or {path, value, kind, currency}. */
  function table(title, name, f, headers, rows, note) {
    const csv = el('a', { href: `/api/kpis.csv?${queryString(f, { table: name })}`, download: '', 'data-csv': name }, 'CSV');
    const head = el('tr', {}, ...headers.map((h, i) => el('th', { class: rows[0] && typeof rows[0][i] === 'object' ? 'num' : undefined }, h)));
    const body = rows.length
      ? rows.map((row) => el('tr', {}, ...row.map((cell) => (typeof cell === 'object' && cell !== null ? kpi('td', cell.path, cell.value, cell.kind, cell.currency || optionsCurrency(), { class: 'num' }) : el('td', {}, String(cell))))))
      : [el('tr', {}, el('td', { class: 'empty', colspan: headers.length }, 'nothing in this period'))];
    // A table of many columns takes the whole row instead of scrolling inside half of it.
    return el('div', { class: headers.length >= 6 ? 'table wide' : 'table', 'data-table': name }, el('h2', {}, title, csv), note ? el('p', { class: 'note' }, note) : null, el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
  }

  /** The currency of the report on the page (its money cells are in it). */
  let reportCurrency = '';
  function optionsCurrency() {
    return reportCurrency;
  }

  function chart(id) {
    const node = byId(id);
    const existing = echarts.getInstanceByDom(node);
    if (existing) existing.dispose();
    const c = echarts.init(node, null, { renderer: 'svg' });
    charts.push(c);
    return c;
  }

  function drawCharts(report) {
    const cur = report.currency;
    const buckets = Object.keys(report.aging);
    const colors = ['#2e7d32', '#9ccc65', '#fbc02d', '#fb8c00', '#c62828', '#6a1b9a', '#37474f'];
    chart('chart-aging').setOption({
      animation: false,
      color: colors,
      tooltip: { trigger: 'item', valueFormatter: (v) => format(Math.round(v), 'money', cur) },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (v) => format(v, 'compact', cur) } },
      yAxis: { type: 'category', data: [cur] },
      series: buckets.map((b) => ({ name: b, type: 'bar', stack: 'aging', data: [report.aging[b]], barWidth: 48 })),
    });
    const rolls = Object.entries(report.rollRates);
    const columns = ['roll rate', 'cure rate'];
    const cells = [];
    // Red is bad in both columns: a high roll rate, a low cure rate (coloured by 100 − cure, labelled by cure).
    rolls.forEach(([, r], y) => {
      cells.push({ value: [0, y, r.rollRate === null ? '-' : r.rollRate], shown: r.rollRate });
      cells.push({ value: [1, y, r.cureRate === null ? '-' : 100 - r.cureRate], shown: r.cureRate });
    });
    chart('chart-roll').setOption({
      animation: false,
      tooltip: { formatter: (p) => (typeof p.data.shown === 'number' ? format(p.data.shown, 'pct') : DASH) },
      grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
      xAxis: { type: 'category', data: columns, splitArea: { show: true } },
      yAxis: { type: 'category', data: rolls.map(([b]) => `from ${b}`), splitArea: { show: true } },
      visualMap: { show: false, min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#e8f5e9', '#fff59d', '#ef5350'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: true, formatter: (p) => (typeof p.data.shown === 'number' ? format(p.data.shown, 'pct') : DASH) } }],
    });
    const stages = stagesInOrder(report.recoveryByStage);
    chart('chart-funnel').setOption({
      animation: false,
      tooltip: { trigger: 'item' },
      series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', top: 8, bottom: 8, minSize: '10%', label: { show: true, position: 'inside', formatter: (p) => `${p.name}: ${format(p.value, 'count')}` }, data: stages.map(([s, r]) => ({ name: s, value: r.entries })) }],
    });
  }

  addEventListener('resize', () => charts.forEach((c) => c.isDisposed() || c.resize()));
  start().catch((error) => setMessage(`The dashboard failed: ${error && error.message ? error.message : String(error)}`, 'error'));
})();
