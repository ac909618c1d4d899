/**
 * The reply classifier on the labelled corpus (test/fixtures/replies): per-intent precision and
 * recall, accuracy and opt-out recall, for `npm run bench`; the same for the later holdout and blind sets. Pure and quick (a few hundred replies);
 * `tsx test/bench/replies.ts` prints the table and the misses alone.
 */
import { pathToFileURL } from 'node:url';
import { classifyReply } from '../../shared/domain/replies/classify-reply.js';
import { formatScore, loadCorpus, scoreCorpus, type CorpusScore } from '../fixtures/replies/corpus.js';

export interface RepliesBench {
  readonly replies: number;
  readonly accuracy: number;
  readonly optOutRecall: number;
  readonly perIntent: Readonly<Record<string, { readonly support: number; readonly precision: number; readonly recall: number }>>;
  readonly holdout: { readonly replies: number; readonly accuracy: number; readonly optOutRecall: number };
  readonly blind: { readonly replies: number; readonly accuracy: number; readonly optOutRecall: number };
  readonly millisPerReply: number;
}

/** Scores both corpora; returns the table to print and the summary for the bench's JSON line. */
export function repliesBench(): { table: string; summary: RepliesBench } {
  const corpus = loadCorpus('corpus.jsonl');
  const started = performance.now();
  const score = scoreCorpus(corpus, classifyReply);
  const millis = performance.now() - started;
  const holdout = scoreCorpus(loadCorpus('holdout.jsonl'), classifyReply);
  const blind = scoreCorpus(loadCorpus('blind.jsonl'), classifyReply);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const perIntent = Object.fromEntries(score.perIntent.map((s) => [s.intent, { support: s.support, precision: round(s.precision), recall: round(s.recall) }]));
  return {
    table: [formatScore(score), line('holdout', holdout), line('blind', blind)].join('\n'),
    summary: {
      replies: score.total,
      accuracy: round(score.accuracy),
      optOutRecall: round(score.optOutRecall),
      perIntent,
      holdout: { replies: holdout.total, accuracy: round(holdout.accuracy), optOutRecall: round(holdout.optOutRecall) },
      blind: { replies: blind.total, accuracy: round(blind.accuracy), optOutRecall: round(blind.optOutRecall) },
      millisPerReply: round(millis / score.total),
    },
  };
}

/** The later sets (their first lines say how they scored blind), one line each plus their misses. */
function line(name: string, score: CorpusScore): string {
  const misses = score.misses.map((m) => `\n  [${m.locale}] ${JSON.stringify(m.text)}: expected ${m.expected}, got ${m.got}`).join('');
  return `${name}: ${score.total} replies, accuracy ${(score.accuracy * 100).toFixed(1)}%, opt-out recall ${(score.optOutRecall * 100).toFixed(1)}%${misses}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { table, summary } = repliesBench();
  process.stderr.write(`${table}\n`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
