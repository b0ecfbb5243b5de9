import { createCa, type CreateCaResult } from './ca.js';
import { checkCertificateName, issueLeaves, resolveSans, type IssuedLeaf } from './issue.js';
import { loadProfile } from './profiles.js';
import { hasCa, loadStore, storePaths } from './store.js';
import type { KeyAlgorithm } from './keys.js';

/** A whole small PKI: what `init` gathers from its wizard or its flags. */
export interface PkiPlan {
  dir: string;
  ca: { name?: string; keyAlgorithm: KeyAlgorithm; days?: number; intermediate: string | null };
  services: { name: string; sans: string[]; profile: string; keyAlgorithm: KeyAlgorithm; days: number }[];
  outDir: string;
  passphrase?: string;
}

export interface PkiSetupResult {
  ok: true;
  /** null when an existing CA in the folder was reused. */
  ca: CreateCaResult | null;
  certificates: IssuedLeaf[];
}

/** Creates the CA when the folder has none (reusing one that exists), then every service certificate. */
export async function setUpPki(plan: PkiPlan, now: Date): Promise<PkiSetupResult> {
  // Validate every service before the CA is written, so a bad SAN leaves nothing behind.
  const profiles = plan.services.map((s) => loadProfile(s.profile));
  plan.services.forEach((s, i) => {
    checkCertificateName(s.name);
    resolveSans({ name: s.name, sans: s.sans, profile: profiles[i]! });
  });
  const ca = hasCa(storePaths(plan.dir))
    ? null
    : await createCa({ dir: plan.dir, ...plan.ca, passphrase: plan.passphrase, force: false, now });
  const store = loadStore(plan.dir, plan.passphrase);
  const certificates = await issueLeaves(
    store,
    plan.services.map((s, i) => ({ name: s.name, sans: s.sans, profile: profiles[i]!, days: s.days, key: { algorithm: s.keyAlgorithm }, formats: ['pem'] as const, outDir: plan.outDir })),
    { force: false, now },
  );
  return { ok: true, ca, certificates };
}
