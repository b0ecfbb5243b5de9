import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { inputError, MtlskitError } from '../errors.js';
import { KEY_ALGORITHMS } from './keys.js';
import { OUTPUT_FORMATS } from './issue.js';
import { parseSan } from './san.js';
import { formatSchemaError } from './schema-error.js';
import { MAX_DAYS } from './validity.js';

const DAY_MS = 86_400_000;
const DURATION_UNITS: Record<string, number> = { h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

const keyAlgorithm = z.enum(KEY_ALGORITHMS, { errorMap: () => ({ message: `expected one of ${KEY_ALGORITHMS.join(', ')}` }) });
const days = z
  .number({ invalid_type_error: 'expected a whole number of days, e.g. 365' })
  .int('expected a whole number of days')
  .min(1, 'expected at least 1 day')
  .max(MAX_DAYS, `expected at most ${MAX_DAYS} days (100 years)`);
const format = z.enum(OUTPUT_FORMATS, { errorMap: () => ({ message: `expected one of ${OUTPUT_FORMATS.join(', ')}` }) });
const san = z.string().superRefine((value, ctx) => {
  try {
    parseSan(value);
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: error instanceof MtlskitError ? error.message : String(error) });
  }
});
/** `30d`, `12h`, `2w`, or a number of days. */
const duration = z.union([
  z.number().nonnegative().transform((n) => n * DAY_MS),
  z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*[hdw]\s*$/i, 'expected a duration such as 30d, 12h or 2w')
    .transform((s) => {
      const match = /^\s*(\d+(?:\.\d+)?)\s*([hdw])\s*$/i.exec(s)!;
      return Number(match[1]) * DURATION_UNITS[match[2]!.toLowerCase()]!;
    }),
], { errorMap: () => ({ message: 'expected a duration such as 30d, 12h or 2w' }) });

const service = z
  .object({
    name: z.string({ required_error: 'every service needs a name' }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "expected 1 to 64 letters, digits, '.', '_' or '-'"),
    sans: z.array(san).default([]),
    profile: z.string().optional(),
    key: keyAlgorithm.optional(),
    days: days.optional(),
    formats: z.array(format).optional(),
    out: z.string().optional(),
    p12Legacy: z.boolean().optional(),
  })
  .strict();

const configSchema = z
  .object({
    ca: z
      .object({
        name: z.string().min(1).max(64).optional(),
        key: keyAlgorithm.optional(),
        days: days.optional(),
        intermediate: z.union([z.string().min(1).max(64), z.boolean(), z.null()]).optional(),
        pathLength: z.number().int().min(0).max(10).optional(),
      })
      .strict()
      .default({}),
    defaults: z
      .object({ key: keyAlgorithm.optional(), days: days.optional(), profile: z.string().optional(), formats: z.array(format).optional() })
      .strict()
      .default({}),
    renewBefore: duration.default('30d'),
    out: z.string().optional(),
    services: z.array(service).min(1, 'list at least one service'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.services.forEach((s, i) => {
      if (seen.has(s.name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['services', i, 'name'], message: `'${s.name}' appears twice; service names must be unique` });
      seen.add(s.name);
    });
  });

export type BootstrapConfig = z.infer<typeof configSchema> & { renewBefore: number };

export interface LoadedConfig {
  path: string;
  /** Relative `out` paths are taken from the config file's folder, so CI can run from anywhere. */
  baseDir: string;
  config: BootstrapConfig;
}

export async function loadBootstrapConfig(path: string): Promise<LoadedConfig> {
  const abs = resolve(path);
  let text: string;
  try {
    if (statSync(abs).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    text = readFileSync(abs, 'utf8');
  } catch (error) {
    throw inputError(`cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path`, { subject: path, cause: error });
  }
  let data: unknown;
  if (/^\s*[{[]/.test(text) || /\.json$/i.test(path)) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw inputError(`config ${path} is not valid JSON: ${(error as Error).message}`, { subject: path });
    }
  } else {
    const yaml = await import('yaml');
    // yaml is CommonJS on Node; bundled, its exports arrive as the default export.
    const { parse } = 'parse' in yaml ? yaml : (yaml as unknown as { default: typeof yaml }).default;
    try {
      data = parse(text, { prettyErrors: true });
    } catch (error) {
      throw inputError(`config ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]!.replace(/:\s*$/, '')}`, { subject: path });
    }
  }
  const parsed = configSchema.safeParse(data ?? {});
  if (!parsed.success) throw inputError(`config ${path}: ${formatSchemaError(parsed.error)}`, { subject: path });
  return { path: abs, baseDir: dirname(abs), config: parsed.data as BootstrapConfig };
}
