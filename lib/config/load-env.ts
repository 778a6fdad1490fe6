import type { z } from 'zod';

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/**
 * Validates environment variables against a schema whose keys are the variable names, so the
 * error names each missing or bad variable. Nothing starts on a bad configuration.
 */
export function loadEnv<Schema extends z.ZodObject>(
  namespace: string,
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<Schema> {
  const result = schema.safeParse(withoutEmptyValues(env));
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new ConfigurationError(`Invalid ${namespace} configuration:\n${problems.join('\n')}`);
}

/** `FOO=` in a .env file or compose file means "not set", so defaults apply. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}
