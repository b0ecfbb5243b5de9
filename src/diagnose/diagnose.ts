/**
 * `diagnose`: ordered probes of a live endpoint and static checks of the given files, then the
 * causes ranked by the evidence. The probes are `connect`'s (src/tls/connect.ts), run side by
 * side: one without a client certificate (does it speak TLS, which chain, does it ask for a client
 * certificate and from which CAs), one per TLS version (which ones it accepts), and the full mTLS
 * handshake with the given credentials (and what happens right after it).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { makeCause, type Cause } from './knowledge/causes.js';
import type { Certificate } from '../x509/certificate.js';
import { isSelfIssued } from '../x509/chain.js';
import { probe, type ConnectOptions, type ConnectReport } from '../tls/connect.js';
import { ownChainSuspects, verifyPresented, quote } from '../tls/peer.js';
import type { Target } from '../tls/target.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Check {
  id: string;
  status: CheckStatus;
  detail: string;
}

export interface DiagnoseReport {
  ok: boolean;
  target: string | null;
  checks: Check[];
  causes: Cause[];
}

/** The client's files as given: the key may not belong to the certificate (that is a finding). */
export interface ClientFiles {
  /** Certificates of --cert, leaf first when the key matched one. */
  chain: Certificate[];
  key: KeyObject;
  /** Whether the key belongs to chain[0]. */
  keyMatches: boolean;
  certFile: string;
  keyFile: string;
}

export interface DiagnoseOptions {
  target: Target;
  servername?: string;
  client?: ClientFiles;
  anchors: readonly Certificate[];
  anchorsSource: string;
  alpn?: string[];
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  http?: ConnectOptions['http'];
  timeoutMs: number;
  now: () => Date;
}

export async function diagnoseEndpoint(options: DiagnoseOptions): Promise<DiagnoseReport> {
  const checks: Check[] = [];
  const ranked: Cause[] = [];
  const base = { target: options.target, servername: options.servername, anchors: options.anchors, alpn: options.alpn, timeoutMs: options.timeoutMs, now: options.now };
  const client = options.client;
  const usable = client?.keyMatches ? { chain: client.chain, key: client.key } : undefined;

  // The probes, side by side: a diagnosis should not take much longer than one connect.
  const [bare, tls12, tls13, full] = await Promise.all([
    probe({ ...base, minVersion: options.minVersion, maxVersion: options.maxVersion }),
    probe({ ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }),
    probe({ ...base, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' }),
    usable ? probe({ ...base, identity: usable, minVersion: options.minVersion, maxVersion: options.maxVersion, http: options.http }) : Promise.resolve(null),
  ]);

  // Static: the files themselves.
  if (client) {
    if (!client.keyMatches) {
      checks.push({ id: 'key-matches-cert', status: 'fail', detail: `${client.keyFile} is not the private key of ${client.certFile}` });
      ranked.push(
        makeCause('key-mismatch', 0.98, [`the public key in ${client.certFile} differs from the one derived from ${client.keyFile}`], [
          `Give the key written with that certificate (e.g. NAME.key next to NAME.crt), or re-issue: mtlskit cert create NAME --profile client.`,
        ]),
      );
    } else {
      checks.push({ id: 'key-matches-cert', status: 'pass', detail: `${client.keyFile} belongs to ${client.certFile}` });
    }
    ranked.push(...clientFileChecks(client, options, bare, checks));
  }

  // 1. TCP
  if (!bare.address) {
    checks.push({ id: 'tcp', status: 'fail', detail: bare.error ?? 'no TCP connection' });
    return finish(options, checks, ranked);
  }
  checks.push({ id: 'tcp', status: 'pass', detail: `connected to ${bare.address} in ${bare.timings.tcpMs} ms` });

  // 2. TLS at all
  const notTls = [bare, tls12, tls13].some((r) => r.causes[0]?.id === 'not-tls');
  if (!bare.tls && notTls) {
    checks.push({ id: 'tls', status: 'fail', detail: `the server does not speak TLS: ${bare.error}` });
    ranked.push(...bare.causes.filter((c) => c.id === 'not-tls'));
    return finish(options, checks, ranked);
  }
  const spoke = [bare, tls12, tls13].some((r) => r.tls !== null || r.alert !== null);
  checks.push(spoke ? { id: 'tls', status: 'pass', detail: 'the server speaks TLS' } : { id: 'tls', status: 'fail', detail: bare.error ?? 'no TLS handshake' });

  // 3. Versions
  const accepts = (r: ConnectReport) => r.tls !== null || (r.alert !== null && r.alert.number !== 70) || r.causes.some((c) => c.id === 'client-cert-required');
  const versions = [accepts(tls12) ? 'TLSv1.2' : null, accepts(tls13) ? 'TLSv1.3' : null].filter((v): v is string => v !== null);
  const wanted = [options.minVersion ?? 'TLSv1.2', options.maxVersion ?? 'TLSv1.3'];
  const overlap = versions.filter((v) => v >= wanted[0]! && v <= wanted[1]!);
  if (versions.length > 0 && overlap.length === 0) {
    checks.push({ id: 'versions', status: 'fail', detail: `the server accepts ${versions.join(' and ')}; this client allows ${wanted[0]} to ${wanted[1]}` });
    ranked.push(
      makeCause('protocol-mismatch', 0.95, [`the server accepts ${versions.join(' and ')} only`, `the client allowed ${wanted[0]}–${wanted[1]}`], [
        `Let the client offer ${versions.join(' or ')} (--min-tls/--max-tls here; minVersion/maxVersion in Node, ssl.TLSVersion in Python, tls.Config.MinVersion in Go).`,
      ]),
    );
  } else {
    checks.push({ id: 'versions', status: versions.length ? 'pass' : 'warn', detail: versions.length ? `the server accepts ${versions.join(' and ')}` : 'could not tell which versions the server accepts' });
  }

  // 4. Server chain and name, from whichever probe completed a handshake.
  const seen = [full, bare, tls13, tls12].find((r) => r?.server) ?? null;
  if (seen?.server) {
    const nameErrors = seen.server.errors.filter((e) => /MISMATCH$/.test(e.code));
    const chainErrors = seen.server.errors.filter((e) => !/MISMATCH$/.test(e.code));
    checks.push({
      id: 'server-chain',
      status: chainErrors.length ? 'fail' : 'pass',
      detail: chainErrors.length ? `${chainErrors[0]!.code}: ${chainErrors[0]!.detail} (against ${options.anchorsSource})` : `verified against ${options.anchorsSource}`,
    });
    checks.push({
      id: 'hostname',
      status: seen.server.hostnameMatches === false ? 'fail' : seen.server.hostnameMatches ? 'pass' : 'skip',
      detail: nameErrors[0]?.detail ?? (seen.server.hostnameMatches ? `the certificate is valid for ${seen.servername ?? seen.address}` : 'no name to check'),
    });
  } else {
    checks.push({ id: 'server-chain', status: 'skip', detail: 'no handshake got as far as the server certificate' });
  }

  // 5. Client certificate requested, and from which CAs.
  const asked = [bare, full, tls12, tls13].find((r) => r?.client.requested) ?? null;
  const names = [bare, full, tls12, tls13].map((r) => r?.client.acceptableCAs).find((n) => n) ?? null;
  const requested = asked !== null || bare.causes.some((c) => c.id === 'client-cert-required');
  checks.push({
    id: 'client-cert-requested',
    status: requested ? 'pass' : 'skip',
    detail: requested ? `the server asks for a client certificate${names ? `; it accepts certificates issued by ${names.length ? names.join('; ') : 'any CA (no names sent)'}` : ' (CA names not visible)'}` : 'the server does not ask for a client certificate',
  });
  if (client?.keyMatches && names && names.length > 0) {
    const issuers = client.chain.map((c) => c.issuer.display);
    const among = issuers.some((i) => names.includes(i));
    checks.push({ id: 'client-issuer-accepted', status: among ? 'pass' : 'fail', detail: among ? `our issuer is among them` : `our certificate is issued by '${client.chain[0]!.issuer.display}', not among them` });
    if (!among) {
      ranked.push(
        makeCause('untrusted-ca', 0.9, [`the server accepts client certificates issued by ${names.map((n) => `'${n}'`).join(', ')}`, `ours (${client.certFile}) is issued by '${client.chain[0]!.issuer.display}'`], [
          `Use a client certificate issued by one of those CAs, or add our CA to the server's client CA bundle (nginx ssl_client_certificate, Node \`ca\`, Go ClientCAs).`,
        ]),
      );
    }
  }

  // 6–7. The full handshake and what followed.
  if (full) {
    const good = full.error === null;
    checks.push({
      id: 'mtls-handshake',
      status: good ? 'pass' : 'fail',
      detail: good ? `${full.tls?.version} handshake${full.client.sent ? ' with our client certificate' : ''} completed${full.client.accepted ? ' and was accepted' : ''}` : (full.error ?? 'failed'),
    });
    if (full.http) checks.push({ id: 'http', status: full.http.status < 400 ? 'pass' : 'fail', detail: `HTTP ${full.http.status} ${full.http.statusText}` });
    ranked.push(...full.causes);
  } else if (!client) {
    // Without credentials the bare probe is the handshake.
    checks.push({ id: 'mtls-handshake', status: bare.error ? 'fail' : 'pass', detail: bare.error ?? `${bare.tls?.version} handshake completed without a client certificate` });
    ranked.push(...bare.causes);
  } else {
    checks.push({ id: 'mtls-handshake', status: 'skip', detail: 'not attempted: the key does not match the certificate' });
    ranked.push(...bare.causes.filter((c) => c.id !== 'client-cert-required'));
  }
  if (seen && !seen.server?.verified) ranked.push(...seen.causes.filter((c) => !ranked.some((r) => r.id === c.id)));
  return finish(options, checks, ranked);
}

/** Validity, EKU and chain completeness of our client certificate, without the server. */
function clientFileChecks(client: ClientFiles, options: DiagnoseOptions, bare: ConnectReport, checks: Check[]): Cause[] {
  const [leaf] = client.chain;
  if (!leaf || !client.keyMatches) return [];
  const causes: Cause[] = [];
  const at = options.now();
  const valid = leaf.notBefore <= at && at <= leaf.notAfter;
  checks.push({ id: 'client-validity', status: valid ? 'pass' : 'fail', detail: valid ? `valid until ${leaf.notAfter.toISOString().slice(0, 10)}` : `${quote(leaf)} is valid from ${leaf.notBefore.toISOString()} to ${leaf.notAfter.toISOString()}` });
  const eku = leaf.extensions.extendedKeyUsage;
  const ekuOk = eku === null || eku.includes('clientAuth') || eku.includes('anyExtendedKeyUsage');
  checks.push({ id: 'client-eku', status: ekuOk ? 'pass' : 'fail', detail: ekuOk ? (eku ? 'extended key usage allows clientAuth' : 'no extended key usage (any use)') : `extended key usage is ${eku!.join(', ')}: no clientAuth` });
  // Chain completeness: against our own --ca when it holds the root, else by shape.
  const intermediates = client.chain.slice(1);
  const complete = isSelfIssued(leaf) || intermediates.some((c) => c.subject.display === leaf.issuer.display) || options.anchors.some((a) => a.subject.display === leaf.issuer.display);
  if (!complete) {
    const root = options.anchors.find((a) => isSelfIssued(a) && a.subject.display !== leaf.issuer.display);
    const verdict = root ? verifyPresented(client.chain, { anchors: options.anchors, purpose: 'client', at }) : null;
    const missing = verdict ? verdict.causes.some((c) => c.id === 'incomplete-chain') : !/root/i.test(leaf.issuer.display);
    checks.push({ id: 'client-chain-complete', status: missing ? 'fail' : 'warn', detail: `${client.certFile} holds no certificate for its issuer '${leaf.issuer.display}'${missing ? ' (an intermediate): the server cannot link it to a root it trusts' : ''}` });
    if (missing) {
      causes.push(
        makeCause('incomplete-chain', 0.8, [`${client.certFile} has only the leaf; its issuer '${leaf.issuer.display}' is an intermediate the server must receive`], [
          `Present the chain file instead (NAME-chain.crt: leaf + intermediate), e.g. --cert ${client.certFile.replace(/\.crt$/, '-chain.crt')}; with curl --cert, Node cert:, Python load_cert_chain the same file works.`,
        ]),
      );
    }
  } else {
    checks.push({ id: 'client-chain-complete', status: 'pass', detail: 'the chain reaches a self-signed or known issuer' });
  }
  // Problems the server will see in our certificate, from our own point of view (no trust store of the server's).
  const own = ownChainSuspects(client.chain, { anchors: [], purpose: 'client', at }, 'client');
  for (const cause of own) if (!causes.some((c) => c.id === cause.id)) causes.push(cause);
  void bare;
  return causes;
}

/**
 * Ranks: a key that does not match comes first (nothing else can work), then what the handshake
 * itself showed (alerts and resets, already refined by what our files show), then the rest; one
 * entry per cause id, evidence merged.
 */
function finish(options: DiagnoseOptions, checks: Check[], ranked: Cause[]): DiagnoseReport {
  const merged: Cause[] = [];
  for (const cause of ranked) {
    const existing = merged.find((c) => c.id === cause.id);
    if (existing) {
      for (const e of cause.evidence) if (!existing.evidence.includes(e)) existing.evidence.push(e);
      for (const f of cause.fix) if (!existing.fix.includes(f)) existing.fix.push(f);
      existing.confidence = Math.max(existing.confidence, cause.confidence);
    } else {
      merged.push({ ...cause, evidence: [...cause.evidence], fix: [...cause.fix] });
    }
  }
  const failed = checks.some((c) => c.status === 'fail');
  return { ok: !failed && merged.length === 0, target: options.target.text, checks, causes: merged };
}

/** Whether `key` belongs to `cert`. */
export const keyBelongsTo = (key: KeyObject, cert: Certificate) => createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(cert.spki);
