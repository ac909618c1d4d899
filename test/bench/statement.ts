/**
 * `npx tsx test/bench/statement.ts [--credits 33000] [--bytes 20971520]` — one big camt.053 through
 * the real reconcile use case, opt-in (not part of `npm test` or `npm run bench`): generates a
 * statement of that many credit entries padded to about that size, runs `reconcilePaymentFile` in a
 * child process against dynalite (which runs in this parent, as DynamoDB is remote to a Lambda), and
 * prints one JSON line: { credits, bytes, seconds, peakRssMb, payments, exceptions, alerts }.
 * Nobody owes these invoices, so every credit is an exception: the worst case for the digest.
 * `--parse-only`: only the two reading passes (check, then payments), no DynamoDB: the parser's share.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbAccountStore } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbPaymentStore } from '../../shared/adapters/aws/dynamodb-payment-store.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { FolderObjectStore } from '../../shared/adapters/local/folder-object-store.js';
import { startDynalite } from '../../shared/adapters/local/dynalite-server.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { CollectingSink, readCamtStream } from '../../shared/domain/payments/files/camt-stream.js';
import { MAX_STREAMED_BYTES, reconcilePaymentFile } from '../../shared/usecases/reconcile-payment-file.js';

const { values } = parseArgs({
  options: {
    credits: { type: 'string', default: '33000' },
    bytes: { type: 'string', default: String(20 * 1024 * 1024) },
    child: { type: 'string' },
    'parse-only': { type: 'boolean', default: false },
    tables: { type: 'string' },
  },
});

if (values.child !== undefined && values['parse-only']) await parseOnly(values.child);
else if (values.child !== undefined) await child(values.child, JSON.parse(values.tables ?? '{}') as Record<string, string>);
else await parent(Number(values.credits), Number(values.bytes), values['parse-only']);

async function parent(credits: number, bytes: number, onlyParse: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cobranza-statement-'));
  const dynamo = await startDynalite({});
  try {
    await mkdir(join(dir, 'statements'));
    const file = join(dir, 'statements', 'big.xml');
    await generate(file, credits, bytes);
    const size = (await stat(file)).size;
    process.stderr.write(`generated ${credits} credits, ${(size / 1024 / 1024).toFixed(1)} MB; reconciling …\n`);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', dir, '--tables', JSON.stringify({ endpoint: dynamo.endpoint, ...dynamo.tableNames }), ...(onlyParse ? ['--parse-only'] : [])],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    process.stdout.write(stdout);
  } finally {
    await dynamo.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function child(dir: string, tables: Record<string, string>): Promise<void> {
  const client = new DynamoDBClient({ endpoint: tables['endpoint'], region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const accounts = tables['Accounts'] ?? '';
  const clock = { now: () => new Date('2026-11-27T15:00:00Z') };
  let alerts = 0;
  const ignore = { send: async () => undefined };
  const started = performance.now();
  const report = await reconcilePaymentFile(
    {
      store: new DynamoDbAccountStore(client, accounts),
      payments: new DynamoDbPaymentStore(client, accounts),
      log: new DynamoDbInteractionLog(client, tables['Interactions'] ?? accounts),
      planning: ignore,
      emailQueue: ignore,
      alerts: { publish: async () => void (alerts += 1) },
      policy: new ActivePolicy(new DynamoDbPolicyStore(client, accounts), clock),
      files: new FolderObjectStore(dir),
      clock,
    },
    { key: 'statements/big.xml' },
  );
  const seconds = (performance.now() - started) / 1000;
  const { payments, exceptions, duplicates, rejected, warnings } = report;
  const summary = { seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), payments, exceptions, duplicates, rejected: rejected.length, warnings: warnings.length, alerts };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  client.destroy();
}

async function parseOnly(dir: string): Promise<void> {
  const files = new FolderObjectStore(dir);
  const key = 'statements/big.xml';
  const started = performance.now();
  const camt = { kind: 'camt053' as const, version: '02' };
  for await (const _ of readCamtStream(files.open(key), camt, new CollectingSink(false), { maxBytes: MAX_STREAMED_BYTES })) void _;
  const sink = new CollectingSink();
  let payments = 0;
  for await (const _ of readCamtStream(files.open(key), camt, sink, { maxBytes: MAX_STREAMED_BYTES })) payments += 1;
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ parseOnly: true, seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), payments, warnings: sink.warnings.length })}\n`);
}

/** A camt.053 v2 of one EUR account: opening 0.00, `credits` credits, closing their sum, with TxsSummry. */
async function generate(path: string, credits: number, bytes: number): Promise<void> {
  const amounts = Array.from({ length: credits }, (_, i) => 1000 + ((i * 7919) % 500_000));
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  const money = (minor: number): string => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
  const balance = (code: string, minor: number): string =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${money(minor)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-26</Dt></Dt></Bal>\n`;
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n<BkToCstmrStmt>\n`);
  await write(`<GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2026-11-27T06:00:00</CreDtTm></GrpHdr>\n<Stmt>\n<Id>BENCH-STMT-1</Id>\n<CreDtTm>2026-11-27T06:00:00</CreDtTm>\n`);
  await write(`<Acct><Id><IBAN>NL26VAYB8060476890</IBAN></Id><Ccy>EUR</Ccy></Acct>\n${balance('OPBD', 0)}${balance('CLBD', total)}`);
  await write(`<TxsSummry><TtlNtries><NbOfNtries>${credits}</NbOfNtries></TtlNtries><TtlCdtNtries><NbOfNtries>${credits}</NbOfNtries><Sum>${money(total)}</Sum></TtlCdtNtries></TxsSummry>\n`);
  const padding = Math.max(0, Math.floor(bytes / credits) - 563);
  for (const [i, amount] of amounts.entries()) {
    await write(
      `<Ntry>\n  <Amt Ccy="EUR">${money(amount)}</Amt>\n  <CdtDbtInd>CRDT</CdtDbtInd>\n  <Sts>BOOK</Sts>\n  <BookgDt><Dt>2026-11-26</Dt></BookgDt>\n  <ValDt><Dt>2026-11-26</Dt></ValDt>\n` +
        `  <AcctSvcrRef>BENCH-${String(i).padStart(8, '0')}</AcctSvcrRef>\n  <BkTxCd><Prtry><Cd>544</Cd></Prtry></BkTxCd>\n  <NtryDtls><TxDtls>\n` +
        `    <Refs><EndToEndId>E2E-${i}</EndToEndId></Refs>\n    <RltdPties><Dbtr><Nm>Cliente de prueba ${i % 977} SA de CV</Nm></Dbtr><DbtrAcct><Id><IBAN>NL56AGDH9619008421</IBAN></Id></DbtrAcct></RltdPties>\n` +
        `    <RmtInf><Ustrd>Pago factura BENCH-${String(i % 50_000).padStart(6, '0')} ${'x'.repeat(padding)}</Ustrd></RmtInf>\n  </TxDtls></NtryDtls>\n</Ntry>\n`,
    );
  }
  await write(`</Stmt>\n</BkToCstmrStmt>\n</Document>\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
