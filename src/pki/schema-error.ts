import type { ZodError } from 'zod';

/** One sentence naming the first failing field path and the expected form, e.g. `services[1].days: expected a number, got "ten"`. */
export function formatSchemaError(error: ZodError): string {
  const issue = error.issues[0]!;
  // An unknown key is itself the field at fault: `services[0].san`, not `services[0]`.
  const at = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
  const path = at.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : String(part)),
    '',
  );
  return `${path || '(top level)'}: ${issue.message}`;
}
