import { build } from 'esbuild';
import { FUNCTIONS } from '../../shared/config/functions.js';

/**
 * Minified size of each Lambda bundle, built in memory with the same esbuild settings as the CDK
 * NodejsFunction (infra/aws/constructs/cobranza-function.ts): ESM, minified, and `@aws-sdk/*` left
 * out because the Node.js 22/24 Lambda runtimes provide the AWS SDK v3 (NodejsFunction's default
 * for those runtimes). Source maps are written beside the bundle and not counted.
 */
export async function bundleSizes(): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const name of FUNCTIONS) {
    const result = await build({
      entryPoints: [`functions/${name}/handler.ts`],
      bundle: true,
      minify: true,
      sourcemap: false,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
      external: ['@aws-sdk/*'],
    });
    sizes[name] = result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
  }
  return sizes;
}
