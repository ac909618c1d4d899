import { build } from 'esbuild';
import { FUNCTIONS } from '../../shared/config/functions.js';

/**
 * Minified size of each Lambda bundle, built with the same esbuild settings as the CDK
 * NodejsFunction (see infra/aws/constructs/cobranza-function.ts), in memory.
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
    });
    sizes[name] = result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
  }
  return sizes;
}
