/**
 * docs/runbook.md names resources by logical id (before CDK's 8-character hash) and counts the
 * alarms: both are checked against the synthesised app, so the runbook cannot drift from it.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources, synthCobranza, type Synthesized } from './support/cobranza.js';

let synth: Synthesized;
const runbook = readFileSync(new URL('../../docs/runbook.md', import.meta.url), 'utf8');

beforeAll(() => {
  synth = synthCobranza({ bundle: false, cfnValidation: false });
});

/** Every `Construct…` name in backquotes (with `…` suffixes dropped) that starts with a construct id. */
function citedIds(): string[] {
  const ids = new Set<string>();
  for (const [, name] of runbook.matchAll(/`((?:Payments|Reminders|Email|Channels|Escalation|Ingestion|Monitoring|Portal|Analytics)[A-Za-z]*)(?:…)?`/g)) ids.add(name!);
  return [...ids];
}

describe('docs/runbook.md', () => {
  it('names only what the stateless stack has: logical ids (or their start, before the hash), function error alarm labels, outputs', () => {
    const template = synth.stateless.toJSON() as { Resources: Record<string, unknown>; Outputs: Record<string, unknown> };
    const logicalIds = Object.keys(template.Resources);
    const cited = citedIds();
    expect(cited.length).toBeGreaterThan(30);
    const known = (name: string) =>
      logicalIds.some((id) => id.startsWith(name) || id.startsWith(`Monitoring${name}Errors`)) ||
      name in template.Outputs ||
      // Message types named in the queue table (shared/domain/types.ts).
      name === 'EmailMessage';
    expect(cited.filter((name) => !known(name))).toEqual([]);
  });

  it('lists the label of every function error alarm, and only those', () => {
    const labels = /Labels: ([^.]+)\./.exec(runbook)![1]!.match(/`[A-Za-z]+`/g)!.map((l) => l.slice(1, -1));
    const alarmLabels = Object.keys(resources(synth.stateless, 'AWS::CloudWatch::Alarm'))
      .map((id) => /^Monitoring([A-Za-z]+)Errors[0-9A-F]{8}$/.exec(id)?.[1])
      .filter((l): l is string => l !== undefined);
    expect(labels.sort()).toEqual(alarmLabels.sort());
  });

  it('names each queue it gives to queue_url exactly (the part before the 8-character hash)', () => {
    const queues = Object.keys(resources(synth.stateless, 'AWS::SQS::Queue')).map((id) => id.slice(0, -8));
    for (const [, name] of runbook.matchAll(/queue_url ([A-Za-z]+)/g)) expect(queues, name).toContain(name);
    // Every queue of the app appears in the runbook.
    for (const queue of queues) expect(runbook, queue).toContain(`\`${queue}\``);
  });

  it('counts the alarms the app defines: 51 in all, 22 on queues, 23 on functions, 2 on APIs, 4 on state machines', () => {
    const alarms = Object.values(resources(synth.stateless, 'AWS::CloudWatch::Alarm'));
    const by = (namespace: string) => alarms.filter((a) => a.Properties?.['Namespace'] === namespace).length;
    expect(runbook).toContain('51\nalarms');
    expect([alarms.length, by('AWS/SQS'), by('AWS/Lambda'), by('AWS/ApiGateway'), by('AWS/States')]).toEqual([51, 22, 23, 2, 4]);
    expect(Object.keys(resources(synth.stateful, 'AWS::CloudWatch::Alarm'))).toEqual([]);
  });
});
