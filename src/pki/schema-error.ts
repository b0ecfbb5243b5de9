import type { ZodError } from 'zod';

/** One sentence naming the first failing field path and the expected form, e.g. `services[1].days: expected a number, got "ten"`. */
export function formatSchemaError(error: ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : String(part)),
    '',
  );
  return `${path || '(top level)'}: ${issue.message}`;
}
