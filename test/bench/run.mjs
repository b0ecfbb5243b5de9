#!/usr/bin/env node
// Issues 2, 3, 4 and 5's performance figures, measured side by side in one run (these machines are noisy, so
// only ratios against a reference measured in the same run mean anything). Whole-process wall
// times; medians over RUNS runs. Usage: npm run bench [-- --runs N] [-- --only version,ec,rsa,inspect,verify,serve,memory,diagnose] [-- --seconds S]
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// NODE_EXTRA_CA_CERTS makes every Node process parse a CA bundle before it runs anything (on the
// VMs these figures come from it is set, and `node -e 0` costs 516 M instructions instead of
// 100 M); users' machines normally do not set it, and the openssl references never pay it. The
// children run without it unless MTLSKIT_BENCH_KEEP_ENV=1; the table says which.
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
if (!process.env.MTLSKIT_BENCH_KEEP_ENV) delete process.env.NODE_EXTRA_CA_CERTS;

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Math.max(5, Number(flag('runs', 5)));
const ONLY = new Set(flag('only', 'version,ec,rsa,inspect,verify,serve,memory,diagnose').split(','));
const SERVICES = 100;
const bin = fileURLToPath(new URL('../../bin/mtlskit.js', import.meta.url));
const opensslScript = fileURLToPath(new URL('./openssl-pki.sh', import.meta.url));

function timeOnce(command, argv, options = {}) {
  const start = process.hrtime.bigint();
  const child = spawnSync(command, argv, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed: ${child.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Alternates the two commands run by run so that drifting machine load hits both alike. */
function sideBySide(label, subject, reference, runs, setup = () => {}) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    setup();
    a.push(subject());
    setup();
    b.push(reference());
  }
  return { label, subject: median(a), reference: median(b) };
}

// Work inside the project, where a user's CI writes its certificates; both sides use the same folder.
const workRoot = fileURLToPath(new URL('./.work/', import.meta.url));

function bootstrapConfig(key) {
  mkdirSync(workRoot, { recursive: true });
  const dir = mkdtempSync(join(workRoot, 'run-'));
  const services = Array.from({ length: SERVICES }, (_, i) => ({ name: `svc${i + 1}`, sans: [`svc${i + 1}.internal`, '127.0.0.1'] }));
  const config = join(dir, 'pki.json');
  writeFileSync(config, JSON.stringify({ ca: { key }, defaults: { key }, services }));
  return { dir, config };
}

const rows = [];
if (ONLY.has('version')) {
  const r = sideBySide('mtlskit --version vs node -e 0', () => timeOnce(process.execPath, [bin, '--version']), () => timeOnce(process.execPath, ['-e', '0']), Math.max(RUNS, 15));
  rows.push({ ...r, ratio: r.subject / r.reference, target: '≤ 1.5×', pass: r.subject / r.reference <= 1.5 });
}
for (const [id, key, alg, target] of [['ec', 'ec-p256', 'ec', 15], ['rsa', 'rsa-2048', 'rsa', 1.5]]) {
  if (!ONLY.has(id)) continue;
  const { dir, config } = bootstrapConfig(key);
  const store = join(dir, 'store');
  const ref = join(dir, 'openssl');
  // Each run starts on a quiet disk: the previous run's deletions and dirty pages are flushed
  // outside the timed region, for both sides alike.
  const clean = () => {
    rmSync(store, { recursive: true, force: true });
    rmSync(ref, { recursive: true, force: true });
    spawnSync('sync');
  };
  const r = sideBySide(
    `bootstrap root CA + ${SERVICES} ${key} certs vs openssl CLI script`,
    () => timeOnce(process.execPath, [bin, 'bootstrap', config, '--dir', store]),
    () => timeOnce('bash', [opensslScript, alg, String(SERVICES), ref]),
    RUNS,
    clean,
  );
  rmSync(dir, { recursive: true, force: true });
  rows.push({ ...r, ratio: r.reference / r.subject, target: `≥ ${target}× faster`, pass: r.reference / r.subject >= target });
}

if (ONLY.has('inspect')) {
  // inspect --json over the system bundle vs openssl's way of printing every certificate of a bundle.
  const bundle = '/etc/ssl/certs/ca-certificates.crt';
  const r = sideBySide(
    'inspect --json of the system CA bundle vs openssl crl2pkcs7 | pkcs7 -print_certs -text',
    () => timeOnce(process.execPath, [bin, 'inspect', bundle, '--json']),
    () => timeOnce('sh', ['-c', `openssl crl2pkcs7 -nocrl -certfile ${bundle} | openssl pkcs7 -print_certs -text -noout`]),
    Math.max(RUNS, 9),
  );
  rows.push({ ...r, ratio: r.subject / r.reference, target: '≤ 1.5×', pass: r.subject / r.reference <= 1.5 });
}
if (ONLY.has('verify')) {
  // 1,000 chains (root → intermediate → leaf) verified in one process, against `openssl verify`
  // given the same 1,000 leaves in one process.
  mkdirSync(workRoot, { recursive: true });
  const dir = mkdtempSync(join(workRoot, 'verify-'));
  const services = Array.from({ length: 1000 }, (_, i) => ({ name: `svc${i + 1}`, sans: [`svc${i + 1}.internal`] }));
  writeFileSync(join(dir, 'pki.json'), JSON.stringify({ ca: { intermediate: 'Bench Intermediate' }, services }));
  timeOnce(process.execPath, [bin, 'bootstrap', join(dir, 'pki.json'), '--dir', join(dir, 'store')]);
  const entry = join(dir, 'verify-throughput.mjs');
  const { buildSync } = await import('esbuild');
  buildSync({ entryPoints: [fileURLToPath(new URL('./verify-throughput.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile: entry, logLevel: 'warning' });
  const chains = services.map((s) => join(dir, 'store', 'certs', `${s.name}-chain.crt`));
  const leaves = services.map((s) => join(dir, 'store', 'certs', `${s.name}.crt`));
  const ours = [];
  const theirs = [];
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    const run = spawnSync(process.execPath, [entry, join(dir, 'store', 'ca.crt'), ...chains], { encoding: 'utf8' });
    const result = JSON.parse(run.stdout);
    if (result.failures) throw new Error(`${result.failures} chains failed to verify`);
    ours.push(result.perSecond);
    const start = process.hrtime.bigint();
    const ref = spawnSync('openssl', ['verify', '-auth_level', '1', '-purpose', 'sslserver', '-CAfile', join(dir, 'store', 'ca.crt'), '-untrusted', join(dir, 'store', 'intermediate.crt'), ...leaves], { stdio: 'ignore' });
    if (ref.status !== 0) throw new Error('openssl verify failed');
    theirs.push(1000 / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  rmSync(dir, { recursive: true, force: true });
  const subject = median(ours);
  const reference = median(theirs);
  rows.push({ label: 'verify 1,000 chains in one process (chains/s) vs openssl verify of 1,000 leaves', subject, reference, ratio: subject / reference, target: 'report', pass: true, unit: '/s' });
}


/** An EC P-256 PKI for the live benchmarks: a root, a 'localhost' server and a client certificate. */
function livePki() {
  mkdirSync(workRoot, { recursive: true });
  const dir = mkdtempSync(join(workRoot, 'serve-'));
  const store = join(dir, 'store');
  timeOnce(process.execPath, [bin, 'ca', 'create', '--dir', store]);
  timeOnce(process.execPath, [bin, 'cert', 'create', 'localhost', 'localhost', '127.0.0.1', '--dir', store]);
  timeOnce(process.execPath, [bin, 'cert', 'create', 'client', '--profile', 'client', '--dir', store]);
  const certs = join(store, 'certs');
  return { dir, ca: join(store, 'ca.crt'), cert: join(certs, 'localhost.crt'), key: join(certs, 'localhost.key'), clientCert: join(certs, 'client.crt'), clientKey: join(certs, 'client.key') };
}

/** Starts a server process and resolves with its port once the line naming it appears; its output is drained. */
function startServerProcess(command, argv, portFrom) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout });
    child.stderr.resume();
    const timer = setTimeout(() => reject(new Error(`${command} did not start`)), 20_000);
    lines.on('line', (line) => {
      const port = portFrom(line);
      if (port) {
        clearTimeout(timer);
        resolve({ child, port });
      }
    });
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}`)));
  });
}

const stopProcess = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

const serveArgs = (pki) => [bin, 'serve', '--cert', pki.cert, '--key', pki.key, '--ca', pki.ca, '--port', '0', '--json'];
const servePort = (line) => {
  try {
    const event = JSON.parse(line);
    return event.event === 'listening' ? event.port : null;
  } catch {
    return null;
  }
};

if (ONLY.has('serve')) {
  // New full mTLS handshakes per second (no resumption), each server driven by the same load
  // generator (openssl s_time -new with a client certificate), alternating rounds.
  const pki = livePki();
  const seconds = Number(flag('seconds', 5));
  const rate = async (start) => {
    const { child, port } = await start();
    // s_time prints whole real seconds only: time the run here instead.
    // Asynchronously: the servers' output is drained by this process's event loop.
    const began = process.hrtime.bigint();
    const run = await new Promise((resolve) => {
      const load = spawn('openssl', ['s_time', '-connect', `127.0.0.1:${port}`, '-new', '-cert', pki.clientCert, '-key', pki.clientKey, '-CAfile', pki.ca, '-time', String(seconds)]);
      let stdout = '';
      let stderr = '';
      load.stdout.on('data', (d) => (stdout += d));
      load.stderr.on('data', (d) => (stderr += d));
      load.once('close', () => resolve({ stdout, stderr }));
    });
    const wallSeconds = Number(process.hrtime.bigint() - began) / 1e9;
    await stopProcess(child);
    const match = /(\d+) connections in [\d.]+ real seconds/.exec(run.stdout);
    if (!match) throw new Error(`openssl s_time printed no count: ${run.stdout}${run.stderr}`);
    return Number(match[1]) / wallSeconds;
  };
  const ours = [];
  const theirs = [];
  for (let i = 0; i < 3; i++) {
    ours.push(await rate(() => startServerProcess(process.execPath, serveArgs(pki), servePort)));
    theirs.push(
      await rate(() =>
        startServerProcess('openssl', ['s_server', '-accept', '127.0.0.1:0', '-cert', pki.cert, '-key', pki.key, '-CAfile', pki.ca, '-Verify', '2', '-verify_return_error'], (line) => Number(/^ACCEPT .*:(\d+)$/.exec(line)?.[1]) || null),
      ),
    );
  }
  rmSync(pki.dir, { recursive: true, force: true });
  const subject = median(ours);
  const reference = median(theirs);
  rows.push({ label: `full mTLS handshakes/s (EC P-256, s_time -new, ${seconds} s × 3) vs openssl s_server`, subject, reference, ratio: subject / reference, target: '≥ 0.8×', pass: subject / reference >= 0.8, unit: '/s' });
}

if (ONLY.has('memory')) {
  // Resident memory of serve holding 1,000 idle mutual-TLS connections.
  const pki = livePki();
  const { child, port } = await startServerProcess(process.execPath, serveArgs(pki), servePort);
  const clients = spawn(process.execPath, [fileURLToPath(new URL('./idle-clients.mjs', import.meta.url)), String(port), '1000', pki.ca, pki.clientCert, pki.clientKey], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = await new Promise((resolve) => createInterface({ input: clients.stdout }).once('line', (l) => resolve([l])));
  const { ready } = JSON.parse(line);
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssMb = Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
  const peakMb = Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
  clients.stdin.end();
  await new Promise((resolve) => clients.once('exit', resolve));
  await stopProcess(child);
  rmSync(pki.dir, { recursive: true, force: true });
  rows.push({ label: `serve RSS holding ${ready} idle mTLS connections (peak ${peakMb.toFixed(0)} MB)`, subject: rssMb, reference: 150, ratio: rssMb / 150, target: '≤ 150 MB', pass: rssMb <= 150 && ready === 1000, unit: ' MB' });
}

if (ONLY.has('diagnose')) {
  // diagnose of a local mTLS endpoint vs one successful connect to it, whole processes.
  const pki = livePki();
  const { child, port } = await startServerProcess(process.execPath, serveArgs(pki), servePort);
  const client = ['127.0.0.1:' + port, '--servername', 'localhost', '--cert', pki.clientCert, '--key', pki.clientKey, '--ca', pki.ca];
  const runAsync = (argv) =>
    new Promise((resolve, reject) => {
      const began = process.hrtime.bigint();
      const run = spawn(process.execPath, [bin, ...argv], { stdio: 'ignore' });
      run.once('exit', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - began) / 1e6) : reject(new Error(`${argv[0]} exited ${code}`))));
    });
  const ours = [];
  const theirs = [];
  for (let i = 0; i < Math.max(RUNS, 7); i++) {
    ours.push(await runAsync(['diagnose', ...client]));
    theirs.push(await runAsync(['connect', ...client]));
  }
  await stopProcess(child);
  rmSync(pki.dir, { recursive: true, force: true });
  const r = { label: 'diagnose of a local mTLS endpoint vs one successful connect', subject: median(ours), reference: median(theirs) };
  rows.push({ ...r, ratio: r.subject / r.reference, target: '≤ 3×', pass: r.subject / r.reference <= 3 });
}

/**
 * A 10 MB application log: access and application lines, with a TLS error every 20 lines or so
 * (messages of many stacks, as test/fixtures/explain-corpus holds them), timestamps and peers
 * varying so that no two lines repeat.
 */
function explainLog(bytes) {
  const tls = [
    'http: TLS handshake error from 10.1.{a}.{b}:{port}: remote error: tls: bad certificate',
    'http: TLS handshake error from 10.1.{a}.{b}:{port}: tls: client didn\'t provide a certificate',
    'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED',
    '[error] 31#31: *{port} SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: 10.1.{a}.{b}, server: 0.0.0.0:443',
    '[info] 31#31: *{port} client SSL certificate verify error: (10:certificate has expired) while reading client request headers, client: 10.1.{a}.{b}',
    'Get "https://api-{a}.internal:8443/v1/items": x509: certificate signed by unknown authority',
    'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
    "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'db-{a}.internal'. (_ssl.c:1006)",
    "Error: unable to verify the first certificate code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'",
    'curl: (35) OpenSSL/3.0.19: error:0A00042E:SSL routines::tlsv1 alert protocol version',
  ];
  const plain = [
    '10.2.{a}.{b} - - "GET /api/v1/items/{port} HTTP/1.1" 200 {port} "-" "Mozilla/5.0 (X11; Linux x86_64)" rt=0.0{a}',
    'INFO  [worker-{a}] processed batch {port} in {b} ms (queue depth {a})',
    'DEBUG cache hit key=user:{port} ttl={b}s',
    'WARN  slow query took {port} ms: SELECT * FROM orders WHERE customer_id = {b}',
    'INFO  GET /healthz 200 {b}us',
  ];
  const lines = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const t = new Date(Date.UTC(2024, 4, 1) + i * 37).toISOString();
    const template = i % 20 === 7 ? tls[(i / 20) % tls.length | 0] : plain[i % plain.length];
    const line = `${t} ${template.replaceAll('{a}', String(i % 251)).replaceAll('{b}', String((i * 7) % 253)).replaceAll('{port}', String(1024 + (i % 60000)))}`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

if (ONLY.has('explain')) {
  // MB/s of `mtlskit explain < log` (whole process) over a 10 MB log, against `grep -c` over the
  // same file as the reference for reading it at all.
  mkdirSync(workRoot, { recursive: true });
  const dir = mkdtempSync(join(workRoot, 'explain-'));
  const log = join(dir, 'app.log');
  writeFileSync(log, explainLog(10 * 1024 * 1024));
  const mb = statSync(log).size / 1048576;
  const fromLog = (command, argv) => () => {
    const fd = openSync(log, 'r');
    try {
      return timeOnce(command, argv, { stdio: [fd, 'ignore', 'pipe'] });
    } finally {
      closeSync(fd);
    }
  };
  const r = sideBySide(
    `explain a ${mb.toFixed(0)} MB log (MB/s) vs grep -c -i -E 'tls|ssl|x509' over it`,
    fromLog(process.execPath, [bin, 'explain']),
    fromLog('grep', ['-c', '-i', '-E', 'tls|ssl|x509']),
    Math.max(3, Math.ceil(RUNS / 2)),
  );
  rmSync(dir, { recursive: true, force: true });
  const subject = mb / (r.subject / 1000);
  const reference = mb / (r.reference / 1000);
  rows.push({ label: r.label, subject, reference, ratio: subject / reference, target: 'report', pass: true, unit: ' MB/s' });
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
console.log(`medians of ${RUNS}+ runs, ${new Date().toISOString()}, node ${process.version}${extraCaCerts ? (process.env.NODE_EXTRA_CA_CERTS ? `, NODE_EXTRA_CA_CERTS kept (${extraCaCerts})` : ', NODE_EXTRA_CA_CERTS unset for the runs (MTLSKIT_BENCH_KEEP_ENV=1 keeps it)') : ''}`);
console.table(rows.map((r) => ({ benchmark: r.label, mtlskit: r.unit ? `${r.subject.toFixed(0)}${r.unit}` : fmt(r.subject), reference: r.unit ? `${r.reference.toFixed(0)}${r.unit}` : fmt(r.reference), ratio: `${r.ratio.toFixed(2)}×`, target: r.target, result: r.pass ? 'pass' : 'FAIL' })));
process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
