/**
 * `diagnose --local`: predicts a handshake's outcome from the files of both sides, without any
 * network — each side's chain judged as the other side would judge it.
 */
import { makeCause, type Cause } from './knowledge/causes.js';
import type { Certificate } from '../x509/certificate.js';
import { ipVersion } from '../x509/ip-address.js';
import { chainLinks, verifyPresented } from '../tls/peer.js';
import type { Check, DiagnoseReport } from './diagnose.js';

export interface SideFiles {
  /** Leaf first, then intermediates; empty when none was given. */
  chain: Certificate[];
  /** null when no key was given; false when it does not belong to chain[0]. */
  keyMatches: boolean | null;
  certFile: string | null;
  keyFile: string | null;
  /** The CA bundle this side trusts (server: client CAs; client: server CAs). */
  anchors: Certificate[];
  anchorsFile: string | null;
}

export function predictHandshake(server: SideFiles, client: SideFiles, name: string | null, at: Date): DiagnoseReport {
  const checks: Check[] = [];
  const causes: Cause[] = [];
  const add = (list: Cause[]) => {
    for (const c of list) if (!causes.some((x) => x.id === c.id)) causes.push(c);
  };

  for (const [side, files] of [['server', server], ['client', client]] as const) {
    if (files.keyMatches === false) {
      checks.push({ id: `${side}-key-matches-cert`, status: 'fail', detail: `${files.keyFile} is not the private key of ${files.certFile}` });
      add([makeCause('key-mismatch', 0.98, [`the ${side}'s key (${files.keyFile}) does not belong to ${files.certFile}`], [`Give the ${side} the key written with its certificate, or re-issue both (mtlskit cert create NAME).`])]);
    } else if (files.keyMatches) {
      checks.push({ id: `${side}-key-matches-cert`, status: 'pass', detail: `${files.keyFile} belongs to ${files.certFile}` });
    }
  }

  // The client judges the server's chain with its own CA bundle and the name it dials.
  if (server.chain.length > 0) {
    if (client.anchors.length === 0) {
      checks.push({ id: 'server-chain', status: 'skip', detail: 'no client CA bundle (--ca) to judge the server chain with' });
    } else {
      const host = name && !ipVersion(name) ? name : undefined;
      const ip = name && ipVersion(name) ? name : undefined;
      const verdict = verifyPresented(server.chain, { anchors: client.anchors, purpose: 'server', host, ip, at });
      checks.push({
        id: 'server-chain',
        status: verdict.ok ? 'pass' : 'fail',
        detail: verdict.ok ? `${chainLinks(server.chain)[0]!.subject} verifies against ${client.anchorsFile}${name ? ` for ${name}` : ''}` : `${verdict.errors[0]!.code}: ${verdict.errors[0]!.detail}`,
      });
      add(verdict.causes);
    }
  }

  // The server judges the client's chain with its client CA bundle.
  if (server.anchors.length > 0) {
    if (client.chain.length === 0) {
      checks.push({ id: 'client-cert', status: 'fail', detail: `the server requires a client certificate (it has a client CA bundle, ${server.anchorsFile}) and the client has none` });
      add([makeCause('client-cert-required', 0.9, ['the server verifies client certificates against its client CA bundle', 'no client certificate (--cert) was given'], ['Give the client a certificate and key issued by a CA in the server\'s client CA bundle.'])]);
    } else {
      const verdict = verifyPresented(client.chain, { anchors: server.anchors, purpose: 'client', at });
      checks.push({
        id: 'client-chain',
        status: verdict.ok ? 'pass' : 'fail',
        detail: verdict.ok ? `${chainLinks(client.chain)[0]!.subject} verifies against ${server.anchorsFile}` : `${verdict.errors[0]!.code}: ${verdict.errors[0]!.detail}`,
      });
      add(verdict.causes);
    }
  } else if (client.chain.length > 0) {
    checks.push({ id: 'client-chain', status: 'skip', detail: 'no server client CA bundle (--server-ca): the server would not ask for the client certificate' });
  }
  return { ok: checks.every((c) => c.status !== 'fail') && causes.length === 0, target: null, checks, causes };
}
