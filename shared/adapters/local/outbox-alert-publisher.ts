import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AlertPublisher, Clock } from '../../ports.js';
import { writeFileAtomic } from './atomic-file.js';

/** Finance alerts as JSON files in the outbox (`outbox/alerts/`), named by time and content. */
export class OutboxAlertPublisher implements AlertPublisher {
  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly onAlert?: (alert: Parameters<AlertPublisher['publish']>[0], file: string) => void,
  ) {}

  async publish(alert: Parameters<AlertPublisher['publish']>[0]): Promise<void> {
    const at = this.clock.now().toISOString();
    const digest = createHash('sha256').update(JSON.stringify(alert)).digest('hex').slice(0, 12);
    const file = join(this.dir, `${at.replace(/[:]/g, '-')}_${alert.kind}_${digest}.json`);
    await writeFileAtomic(file, `${JSON.stringify({ at, ...alert }, null, 2)}\n`);
    this.onAlert?.(alert, file);
  }
}
