import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import { runCliAsync, type CliResult } from './cli.js';

/**
 * The issuance matrix of issue 2: every key type × CA layout × profile, issued through the built
 * CLI, plus the openssl plumbing the matrix tests share (async runs with deadlines, a parser for
 * `openssl x509 -text`).
 */

export const KEY_TYPES = ['ec-p256', 'ec-p384', 'ed25519', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export const PROFILES = ['server', 'client', 'peer', 'spiffe'] as const;
export type ProfileName = (typeof PROFILES)[number];

export const LAYOUTS = ['root', 'intermediate'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** SANs every non-SPIFFE certificate gets, as given on the command line and as OpenSSL prints them. */
export const HOST_SANS = ['localhost', '127.0.0.1', '::1'] as const;
export const HOST_SANS_OPENSSL = ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1'] as const;
export const spiffeId = (name: string) => `spiffe://example.org/ns/default/sa/${name}`;

/** Rejects with `what` if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Listens on 127.0.0.1 with an ephemeral port; resolves with the port (or rejects after 10 s). */
export async function listenOnLoopback(server: Server, what: string): Promise<number> {
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    }),
    10_000,
    `${what} to listen`,
  );
  return (server.address() as AddressInfo).port;
}

/** A function that runs a task when a slot is free. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * At most `n` tasks at a time. A free slot goes to the queued task with the lowest priority
 * number (first come, first served among equals).
 */
export function limiter(n: number): <T>(task: () => Promise<T>, priority?: number) => Promise<T> {
  let running = 0;
  const queue: { priority: number; start: () => void }[] = [];
  const next = () => {
    if (running >= n || queue.length === 0) return;
    let best = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i]!.priority < queue[best]!.priority) best = i;
    const [entry] = queue.splice(best, 1);
    running++;
    entry!.start();
  };
  return <T>(task: () => Promise<T>, priority = 0) =>
    new Promise<T>((resolve, reject) => {
      queue.push({
        priority,
        start: () => {
          task()
            .then(resolve, reject)
            .finally(() => {
              running--;
              next();
            });
        },
      });
      next();
    });
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `openssl ARGS` to completion without blocking the event loop; kills it at the deadline. */
export function openssl(args: string[], options: { cwd?: string; input?: string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  const child = spawn('openssl', args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {}); // EPIPE when openssl exits before reading its input
  child.stdin.end(options.input ?? '');
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return withTimeout(done, options.timeoutMs ?? 30_000, `openssl ${args.join(' ')}`).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
}

export interface IssuedCertificate {
  name: string;
  profile: ProfileName;
  /** SANs as given to `cert create`. */
  sans: string[];
  cert: string;
  key: string;
  chain: string;
  /** The `cert create --json` document. */
  json: any;
  /** When `cert create` was started (the CLI's "now" is at or after it). */
  issuedAfter: Date;
  /** When it had finished. */
  issuedBefore: Date;
}

export interface MatrixPki {
  keyType: KeyType;
  layout: Layout;
  dir: string;
  rootCert: string;
  /** intermediate.crt, or null for the root-only layout. */
  intermediateCert: string | null;
  /** The certificate that signs the leaves. */
  issuerCert: string;
  caJson: any;
  certs: Record<ProfileName, IssuedCertificate>;
}

function check(result: CliResult, what: string): any {
  if (result.code !== 0 || result.json?.ok !== true) {
    throw new Error(`${what} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  }
  return result.json;
}

/**
 * `mtlskit ca create` (with `--intermediate` for that layout) in `dir`, then one `cert create` per
 * profile into `dir/out`. Every CLI process runs through `limit`, so a whole matrix can be queued at once.
 */
export async function issueMatrixPki(keyType: KeyType, layout: Layout, dir: string, limit: Limit): Promise<MatrixPki> {
  const caArgs = ['ca', 'create', '--dir', dir, '--key', keyType, '--json', ...(layout === 'intermediate' ? ['--intermediate'] : [])];
  const caJson = check(await limit(() => runCliAsync(caArgs)), `mtlskit ${caArgs.join(' ')}`);
  const out = join(dir, 'out');
  const issued = await Promise.all(
    PROFILES.map(async (profile): Promise<IssuedCertificate> => {
      const name = `${profile}-${keyType}-${layout}`;
      const sans = profile === 'spiffe' ? [spiffeId(name)] : [...HOST_SANS];
      const args = ['cert', 'create', name, ...sans, '--dir', dir, '--key', keyType, '--profile', profile, '--out', out, '--json'];
      return limit(async () => {
        const issuedAfter = new Date();
        const json = check(await runCliAsync(args), `mtlskit ${args.join(' ')}`);
        const issuedBefore = new Date();
        return { name, profile, sans, cert: join(out, `${name}.crt`), key: join(out, `${name}.key`), chain: join(out, `${name}-chain.crt`), json, issuedAfter, issuedBefore };
      });
    }),
  );
  const intermediateCert = layout === 'intermediate' ? join(dir, 'intermediate.crt') : null;
  return {
    keyType,
    layout,
    dir,
    rootCert: join(dir, 'ca.crt'),
    intermediateCert,
    issuerCert: intermediateCert ?? join(dir, 'ca.crt'),
    caJson,
    certs: Object.fromEntries(issued.map((c) => [c.profile, c])) as Record<ProfileName, IssuedCertificate>,
  };
}

/** The PEM CERTIFICATE blocks of a file, each normalised to its base64 body. */
export function pemBodies(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!.replace(/\s+/g, ''));
}

export const pemBodiesOfFile = (path: string) => pemBodies(readFileSync(path, 'utf8'));

export const fingerprintOf = (path: string) => new X509Certificate(readFileSync(path)).fingerprint256;

/** One `X509v3 …` extension of `openssl x509 -text`: its header's criticality and its value lines. */
export interface TextExtension {
  critical: boolean;
  lines: string[];
}

/** Finds `X509v3 NAME:` (optionally `critical`) and the more-indented lines under it. */
export function textExtension(text: string, name: string): TextExtension | undefined {
  const lines = text.split('\n');
  const header = new RegExp(`^(\\s*)X509v3 ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*(critical)?\\s*$`);
  const index = lines.findIndex((line) => header.test(line));
  if (index < 0) return undefined;
  const [, indent, critical] = header.exec(lines[index]!)!;
  const body: string[] = [];
  for (const line of lines.slice(index + 1)) {
    const own = /^(\s*)/.exec(line)![1]!.length;
    if (line.trim() === '' || own <= indent!.length) break;
    body.push(line.trim());
  }
  return { critical: critical === 'critical', lines: body };
}

/** A key identifier as printed (`AB:CD:…`, OpenSSL 1.1 prefixed the AKI with `keyid:`). */
export const keyIdOf = (ext: TextExtension | undefined) => ext?.lines.join('').replace(/^keyid:/, '').trim().toUpperCase();

/** Every `Signature Algorithm:` line (the TBS one and the outer one). */
export const signatureAlgorithms = (text: string) => [...text.matchAll(/^\s*Signature Algorithm:\s*(\S+)\s*$/gm)].map((m) => m[1]!);
