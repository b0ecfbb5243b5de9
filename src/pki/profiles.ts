import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { inputError, usageError } from '../errors.js';
import { EXTENDED_KEY_USAGES, KEY_USAGE_BITS, type KeyUsageName } from '../x509/oids.js';
import { formatSchemaError } from './schema-error.js';

/** The four leaf profiles `--profile` names (design.md); CA shapes are profiles too, used internally. */
export const LEAF_PROFILES = ['server', 'client', 'peer', 'spiffe'] as const;
const CA_PROFILES = ['root-ca', 'intermediate-ca'] as const;

const keyUsageName = z.enum(Object.keys(KEY_USAGE_BITS) as [KeyUsageName, ...KeyUsageName[]]);
const ekuName = z.string().refine((v) => v in EXTENDED_KEY_USAGES || /^\d+(\.\d+)+$/.test(v), {
  message: `expected one of ${Object.keys(EXTENDED_KEY_USAGES).join(', ')} or a dotted OID`,
});

const profileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    ca: z.boolean().default(false),
    pathLength: z.number().int().min(0).optional(),
    keyUsage: z.array(keyUsageName).min(1),
    /** Usages added only for RSA keys (keyEncipherment: EC and Ed25519 keys cannot encrypt). */
    keyUsageRsa: z.array(keyUsageName).default([]),
    extendedKeyUsage: z.array(ekuName).default([]),
    /** `cn`: CN=<name>; `empty`: no subject, identity only in the (then critical) SAN. */
    subject: z.enum(['cn', 'empty']).default('cn'),
    sans: z
      .object({
        required: z.boolean().default(false),
        /** Exactly one spiffe:// URI SAN and no other URI (SPIFFE X509-SVID §2). */
        spiffe: z.boolean().default(false),
      })
      .strict()
      .default({}),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;

const templatesDir = fileURLToPath(new URL('../../templates/profiles/', import.meta.url));
const cache = new Map<string, Profile>();

/** A value of --profile (or a config's profile) that names a file rather than a built-in profile. */
export const isProfilePath = (value: string) => /[/\\]|\.json$/.test(value);

/** A built-in profile by name, or a user's profile file when the value looks like a path. */
export function loadProfile(nameOrPath: string): Profile {
  const builtIn = (LEAF_PROFILES as readonly string[]).includes(nameOrPath) || (CA_PROFILES as readonly string[]).includes(nameOrPath);
  const looksLikePath = isProfilePath(nameOrPath);
  if (!builtIn && !looksLikePath) {
    throw usageError(`unknown profile '${nameOrPath}'; options are ${LEAF_PROFILES.join(', ')}, or a path to a profile file such as ./my-profile.json`, nameOrPath);
  }
  const file = builtIn ? `${templatesDir}${nameOrPath}.json` : nameOrPath;
  const cached = cache.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw inputError(`cannot read profile file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; check the path`, { subject: file, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw inputError(`profile file ${file} is not valid JSON: ${(error as Error).message}`, { subject: file });
  }
  const parsed = profileSchema.safeParse(json);
  if (!parsed.success) throw inputError(`profile file ${file}: ${formatSchemaError(parsed.error)}`, { subject: file });
  cache.set(file, parsed.data);
  return parsed.data;
}

/** KeyUsage for a key: RSA-only usages are dropped for EC and Ed25519 keys. */
export function keyUsagesFor(profile: Profile, isRsa: boolean): KeyUsageName[] {
  return [...new Set([...profile.keyUsage, ...(isRsa ? profile.keyUsageRsa : [])])];
}
