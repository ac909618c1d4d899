/**
 * PLACEHOLDER so the CDK app synthesises on the cdk branch: the real handler is written on the
 * `curate` branch and replaces this file when the branches merge.
 */
export const handler = async (): Promise<never> => {
  throw new Error('export-tables: placeholder handler (the real one comes from the curate branch)');
};
