import { createCa, type CreateCaResult } from './ca.js';
import { issueLeaves, validateLeafRequest, type IssuedLeaf, type LeafRequest } from './issue.js';
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
  const requests = plan.services.map(
    (s): LeafRequest => ({ name: s.name, sans: s.sans, profile: loadProfile(s.profile), days: s.days, key: { algorithm: s.keyAlgorithm }, formats: ['pem'], outDir: plan.outDir }),
  );
  requests.forEach(validateLeafRequest);
  const ca = hasCa(storePaths(plan.dir))
    ? null
    : await createCa({ dir: plan.dir, ...plan.ca, passphrase: plan.passphrase, force: false, now });
  const store = loadStore(plan.dir, plan.passphrase);
  const certificates = await issueLeaves(store, requests, { force: false, now });
  return { ok: true, ca, certificates };
}
