/**
 * Shared by the payment-file tests. The real sample files are copied into `test/fixtures/payments/`
 * (see its PROVENANCE.md), so they run on a clean clone; COBRANZA_FIXTURES can point elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { FileRejectedError } from '../../../../shared/domain/ingest/errors.js';
import { readPaymentFile, type ReadPaymentFileOptions, type StatementFile } from '../../../../shared/domain/payments/files/read-payment-file.js';
import type { Payment, PaymentFile } from '../../../../shared/domain/payments/types.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const FIXTURES = resolve(process.env['COBRANZA_FIXTURES'] ?? resolve(repoRoot, 'test/fixtures/payments'));
export const HAVE_FIXTURES = existsSync(resolve(FIXTURES, 'bank')) && existsSync(resolve(FIXTURES, 'cfdi'));

if (!HAVE_FIXTURES) {
  console.warn(`payment-file fixture tests skipped: no sample files at ${FIXTURES} (set COBRANZA_FIXTURES to the shared fixtures folder)`);
}

/** The bytes of a sample file, e.g. `fixture('bank/genkgo_camt053.v8.xml')`. */
export function fixture(name: string): Buffer {
  return readFileSync(resolve(FIXTURES, name));
}

/** A sample file as UTF-8 text, for tests that build a variant of it. */
export function fixtureText(name: string): string {
  return fixture(name).toString('utf8');
}

/** Reads bytes or a string (UTF-8) as a payment file. */
export function read(content: string | Uint8Array, options?: ReadPaymentFileOptions): StatementFile {
  return readPaymentFile(typeof content === 'string' ? Buffer.from(content, 'utf8') : content, options);
}

/** The payments of a file, without their lines. */
export function payments(file: PaymentFile): Payment[] {
  return file.payments.map((entry) => entry.payment);
}

/** The FileRejectedError a read throws (fails the test when it throws nothing or something else). */
export function rejection(content: string | Uint8Array, options?: ReadPaymentFileOptions): FileRejectedError {
  try {
    read(content, options);
  } catch (error) {
    if (error instanceof FileRejectedError) return error;
    throw error;
  }
  expect.fail('the file was not rejected');
}
