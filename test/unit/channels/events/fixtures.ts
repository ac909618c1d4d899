/** Reads the channel event samples of test/fixtures/channel-events (see its PROVENANCE.md). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/channel-events');

/** The raw SQS body of `ses/eventbridge-delivery.json` and friends. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}

/** Every sample, as `[relative name, body]`. */
export function allFixtures(): [string, string][] {
  return ['ses', 'sms', 'whatsapp'].flatMap((dir) =>
    readdirSync(join(FIXTURES_DIR, dir))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name): [string, string] => [`${dir}/${name}`, fixture(`${dir}/${name}`)]),
  );
}
