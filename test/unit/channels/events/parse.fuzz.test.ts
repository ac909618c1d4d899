/**
 * Whatever arrives on the queue, the parser answers with events or a ChannelEventError: never a
 * TypeError, RangeError or zod error that would make the function retry a message forever.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNEL_EVENT_STATUSES, ChannelEventError, parseChannelEventBody, type ChannelEvent } from '../../../../shared/domain/channels/events/index.js';
import { allFixtures } from './fixtures.js';

const receivedAt = new Date('2026-12-01T00:00:00Z');
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Parses `body`; a ChannelEventError is fine, any other exception fails the property. */
function outcome(body: string): ChannelEvent[] | ChannelEventError {
  try {
    return parseChannelEventBody(body, receivedAt);
  } catch (error) {
    if (error instanceof ChannelEventError) return error;
    throw error;
  }
}

function expectWellFormed(events: ChannelEvent[]): void {
  for (const event of events) {
    expect(event.at).toMatch(ISO);
    expect(new Date(event.at).toISOString()).toBe(event.at);
    expect(event.providerMessageId.length).toBeGreaterThan(0);
    if (event.kind === 'status') {
      expect(CHANNEL_EVENT_STATUSES).toContain(event.status);
      expect(typeof event.permanent).toBe('boolean');
      expect(typeof event.detail).toBe('string');
    } else {
      expect(event.from).toMatch(/^\+[1-9]\d{6,14}$/);
      expect(typeof event.text).toBe('string');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Mutating the samples: nested JSON strings (SNS Message, whatsAppWebhookEntry) are opened so the
// mutations reach the records inside, then closed again.
// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const NESTED = '\u0000json';

function open(value: Json): Json {
  if (typeof value === 'string' && /^\s*[{[]/.test(value)) {
    try {
      return { [NESTED]: open(JSON.parse(value) as Json) };
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(open);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, open(v)]));
  return value;
}

function close(value: Json): Json {
  if (Array.isArray(value)) return value.map(close);
  if (value !== null && typeof value === 'object') {
    if (NESTED in value) return JSON.stringify(close(value[NESTED]!));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, close(v)]));
  }
  return value;
}

/** Every path to a value inside `value` (the root excluded). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...paths(item, [...prefix, i])]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  }
  return [];
}

type Mutation = { path: number; kind: 'delete' | 'replace'; replacement: Json };

function mutate(root: Json, mutations: readonly Mutation[]): Json {
  const copy = structuredClone(root);
  for (const mutation of mutations) {
    const all = paths(copy);
    if (all.length === 0) break;
    const path = all[mutation.path % all.length]!;
    let parent: Json = copy;
    for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[step]!;
    const last = path[path.length - 1]!;
    if (Array.isArray(parent) && typeof last === 'number') {
      if (mutation.kind === 'delete') parent.splice(last, 1);
      else parent[last] = mutation.replacement;
    } else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
      if (mutation.kind === 'delete') delete parent[last as string];
      else parent[last as string] = mutation.replacement;
    }
  }
  return copy;
}

const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, '', ' ', 'TEXT_INVALID', 'Bounce', 'Permanent', 'failed', 'read', '{}', '[]', '{"a":', '+525512345678', '5215512345678', '1795705203', '2026-11-26T15:00:00Z', 'not-a-date', '9999999999999'),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);
const mutation: fc.Arbitrary<Mutation> = fc.record({ path: fc.nat(), kind: fc.constantFrom('delete', 'replace'), replacement });
const samples = allFixtures().map(([name, body]) => ({ name, opened: open(JSON.parse(body) as Json) }));

describe('parseChannelEventBody never throws anything but ChannelEventError', () => {
  it('on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = outcome(JSON.stringify(value));
        if (Array.isArray(result)) expectWellFormed(result);
      }),
      { numRuns: 500 },
    );
  });

  it('on random text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = outcome(text);
        if (Array.isArray(result)) expectWellFormed(result);
      }),
      { numRuns: 300 },
    );
  });

  it('on mutated samples (fields deleted or replaced, inside nested JSON strings too)', () => {
    let parsed = 0;
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(mutation, { minLength: 1, maxLength: 4 }), (sample, mutations) => {
        const body = JSON.stringify(close(mutate(sample.opened, mutations)));
        const result = outcome(body);
        if (Array.isArray(result)) {
          expectWellFormed(result);
          parsed += 1;
        }
      }),
      { numRuns: 2000 },
    );
    // Most mutations hit fields the parser ignores: the success path is exercised, not only the errors.
    expect(parsed).toBeGreaterThan(200);
  });

  it('the samples survive the open/close round trip unchanged', () => {
    for (const [name, body] of allFixtures()) {
      expect(close(open(JSON.parse(body) as Json)), name).toEqual(JSON.parse(body));
    }
  });
});
