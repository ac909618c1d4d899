/**
 * The real thing: `npx cdk synth --no-notices` through the CDK CLI, as a developer or CI runs it,
 * with no AWS credentials and no context beyond cdk.json. Slow (esbuild for every function plus
 * template validation), so one test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/aws/constructs/cobranza-function.js';
import { FUNCTIONS } from '../../shared/config/functions.js';
import { assertHandlersExist } from './support/cobranza.js';

/** The environment minus anything that could reach an AWS account or make the app think it is a test. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(AWS_|CDK_|VITEST|NODE_ENV$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
}

describe('cdk synth', () => {
  it('`npx cdk synth --no-notices` succeeds offline, without credentials, and bundles every function as ESM', () => {
    assertHandlersExist();
    const outdir = mkdtempSync(join(tmpdir(), 'cobranza-cdk-cli-'));
    const result = spawnSync('npx', ['cdk', 'synth', '--no-notices', '--output', outdir], {
      cwd: REPO_ROOT,
      env: offlineEnv(),
      encoding: 'utf8',
      timeout: 280_000,
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    // No sesFromAddress given: the app says it used the placeholder.
    expect(`${result.stdout}${result.stderr}`).toContain('sesFromAddress');

    for (const stack of ['CobranzaStateful', 'CobranzaStateless']) {
      expect(existsSync(join(outdir, `${stack}.template.json`)), stack).toBe(true);
    }
    const assets = readdirSync(outdir).filter((entry) => entry.startsWith('asset.') && existsSync(join(outdir, entry, 'index.mjs')));
    expect(assets).toHaveLength(FUNCTIONS.length);
    for (const asset of assets) {
      const bundle = readFileSync(join(outdir, asset, 'index.mjs'), 'utf8');
      expect(bundle.startsWith("import { createRequire } from 'module';const require = createRequire(import.meta.url);")).toBe(true);
      expect(existsSync(join(outdir, asset, 'index.mjs.map'))).toBe(true);
    }
  }, 300_000);
});
