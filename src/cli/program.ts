import { Command, CommanderError, Option } from 'commander';
import { MtlskitError, usageError } from '../errors.js';
import { exitCodeFor, ExitCode } from './exit-code.js';
import { processIo, toJson, type GlobalOptions, type Io } from './io.js';
import { version } from './main.js';

/** What a parsed command line asks for; the table test of argv → options reads exactly this. */
export interface Invocation {
  command: 'ca create' | 'cert create' | 'bootstrap' | 'init' | 'inspect' | 'verify' | 'lint' | 'serve' | 'connect' | 'explain' | 'trace' | 'diagnose';
  args: string[];
  options: Record<string, unknown>;
  globals: GlobalOptions;
}
export type Dispatch = (invocation: Invocation) => Promise<number>;

const collect = (value: string, previous: string[] = []) => [...previous, value];

const EXAMPLES = {
  ca: `
Examples:
  $ mtlskit ca create                              # root CA in ./.mtlskit (EC P-256, 10 years)
  $ mtlskit ca create --intermediate --key ec-p384 # root + intermediate that signs leaves
  $ mtlskit ca create --dir ./pki --passphrase-file ./ca-pass.txt`,
  cert: `
Examples:
  $ mtlskit cert create api localhost 127.0.0.1 ::1          # server cert (default profile)
  $ mtlskit cert create billing --profile client             # client cert for mTLS
  $ mtlskit cert create worker spiffe://example.org/ns/prod/sa/worker --profile spiffe
  $ mtlskit cert create web '*.svc.local' --format p12,k8s --p12-password-file pw.txt
  $ mtlskit cert create ext --csr ./request.csr              # sign someone else's CSR

SANs are recognised by form (host, *.wildcard, IPv4, IPv6, scheme://uri, a@b.c) or an explicit
dns:, ip:, uri:, email: prefix. Without SANs, NAME itself is used when it is a host name.
Exit codes: 0 written · 1 a target exists (nothing written; use --force) · 2 bad flag or SAN · 3 unreadable CA/CSR/file`,
  bootstrap: `
Examples:
  $ mtlskit bootstrap mtls.yaml            # create or renew what the file describes
  $ mtlskit bootstrap mtls.yaml --check    # CI drift check: exit 1 and list what would change

Exit codes: 0 up to date · 1 --check found drift · 2 bad flag · 3 unreadable or invalid config`,
  inspect: `
Examples:
  $ mtlskit inspect chain.pem                      # the chain as a tree, warnings inline
  $ mtlskit inspect server.p12 --password-file pw   # PKCS#12 (also $MTLSKIT_P12_PASSWORD)
  $ mtlskit inspect api.crt api.key                 # says whether the key belongs to the certificate
  $ mtlskit inspect example.com:443 --servername www.example.com
  $ kubectl get secret tls -o jsonpath='{.data.tls\.crt}' | base64 -d | mtlskit inspect -

Reads PEM (text around blocks is fine), DER, PKCS#7, PKCS#12, CSRs and keys, by content.
Exit codes: 0 read · 2 bad flag · 3 unreadable input (missing, not a certificate, wrong password)`,
  verify: `
Examples:
  $ mtlskit verify api.crt --ca ca.crt --untrusted intermediate.crt --host api.internal
  $ mtlskit verify client-chain.pem --ca ca.crt --purpose client
  $ mtlskit verify api.crt --ca ca.crt --at 2027-06-01      # will it still verify then?
  $ mtlskit verify example.com:443 --system --host example.com

Verdicts agree with \`openssl verify -auth_level 1\` (what Node's TLS enforces). Without --ca,
the system roots are trusted. Extra certificates after the first one in CERT are intermediates.
Exit codes: 0 verified · 1 verification failed · 2 bad flag · 3 unreadable input`,
  lint: `
Examples:
  $ mtlskit lint chain.pem
  $ mtlskit lint client.crt --purpose client      # role-specific rules become errors
  $ mtlskit lint certs/*.crt --json

The rules are listed in the README (section "Lint rules").
Exit codes: 0 no errors (warnings allowed) · 1 errors found · 2 bad flag · 3 unreadable input`,
  serve: `
Examples:
  $ mtlskit serve --cert .mtlskit/certs/localhost-chain.crt --key .mtlskit/certs/localhost.key --ca .mtlskit/ca.crt
  $ mtlskit serve --cert api.crt --key api.key --ca ca.crt --mode strict     # as a production Node server
  $ mtlskit serve --cert api.crt --key api.key --ca ca.crt --protocol echo --port 0 --json
  $ mtlskit serve --cert api.p12 --password-file pw.txt --ca ca.crt            # PKCS#12: key and chain in one file
  $ curl --cacert ca.crt --cert client.crt --key client.key https://localhost:8443/

diagnose (default): every handshake completes; the answer is 200 with the client's identity, 496
when no client certificate was sent, 495 with the diagnosis when it fails verification.
strict: requestCert + rejectUnauthorized, as a production Node server (a bad client sees a reset).
One line per connection (--json: one JSON object per line); Ctrl-C prints a summary.
Exit codes: 0 stopped by a signal · 2 bad flag or port in use · 3 unreadable or mismatched cert/key`,
  connect: `
Examples:
  $ mtlskit connect localhost:8443 --cert client.crt --key client.key --ca ca.crt
  $ mtlskit connect https://api.internal:8443/healthz --http --cert client.crt --key client.key --ca ca.crt
  $ mtlskit connect 10.0.0.7:443 --servername api.internal --max-tls 1.2 --json
  $ mtlskit connect localhost:8443 --cert client.p12 --password-file pw.txt --ca ca.crt   # PKCS#12, no --key
  $ mtlskit connect example.com:443                # server chain against the system roots

Reports DNS, TCP and handshake timings, the negotiated version, cipher, ALPN and group, the server
chain with its verification and name check, whether the server asked for a client certificate (and
which CAs it accepts, in TLS 1.2), and whether ours was accepted — a TLS 1.3 rejection shows only
after the handshake, so connect waits for it.
Exit codes: 0 handshake good · 1 handshake or verification failed · 2 bad flag · 3 unreadable or mismatched cert/key`,
  explain: `
Examples:
  $ mtlskit explain 'error:0A000418:SSL routines::tlsv1 alert unknown ca'
  $ mtlskit explain 'x509: certificate signed by unknown authority'
  $ mtlskit explain 48                     # TLS alert 48
  $ mtlskit explain 20 --x509              # X509_V_ERR 20
  $ kubectl logs api | mtlskit explain     # every TLS error in a log

Exit codes: 0 explained (or no TLS error found) · 2 bad flag`,
  trace: `
Examples:
  $ mtlskit trace localhost:8443 --cert client.crt --key client.key --ca ca.crt
  $ mtlskit trace example.com:443 --keylog keys.log --json
  $ mtlskit trace localhost:8443 --cert client.p12 --password-file pw.txt --ca ca.crt     # PKCS#12, no --key

Exit codes: 0 handshake completed · 1 handshake failed (the transcript shows where) · 2 bad flag · 3 unreadable files`,
  diagnose: `
Examples:
  $ mtlskit diagnose api.internal:8443 --cert client.crt --key client.key --ca ca.crt
  $ mtlskit diagnose https://localhost:8443/healthz --http --cert client-chain.crt --key client.key --ca ca.crt
  $ mtlskit diagnose --local --server-cert api-chain.crt --server-key api.key --server-ca ca.crt \\
        --cert client.crt --key client.key --ca ca.crt --servername api.internal
  $ mtlskit diagnose --local --server-cert api.p12 --cert client.p12 --password-file pw.txt \\
        --server-ca ca.crt --ca ca.crt                # PKCS#12 files bring their keys

Checks, in order: TCP, TLS at all, versions, server chain and name, client certificate requested
(and from which CAs), the full mTLS handshake and what followed; plus the files (key matches,
validity, clientAuth, chain complete). Then the causes, most likely first, each with its fix.
Exit codes: 0 nothing wrong · 1 a problem found · 2 bad flag · 3 unreadable files`,
  init: `
Examples:
  $ mtlskit init             # asks a few questions on a terminal, then creates everything
  $ mtlskit init --yes       # no questions: a root CA, a 'localhost' server and a 'client' certificate
  $ mtlskit init --yes --intermediate --key ec-p384`,
};

export function buildProgram(dispatch: Dispatch, setExit: (code: number) => void): Command {
  const program = new Command('mtlskit')
    .description('Local PKI and mutual-TLS debugging: make certificates in seconds, read any of them, find out why a handshake failed.')
    .version(version(), '-V, --version')
    .option('--json', 'print one JSON document on stdout (for scripts)', false)
    .option('--no-color', 'no colour (also NO_COLOR; FORCE_COLOR forces it)')
    .option('-q, --quiet', 'print only what is essential', false)
    // Parse errors are reported by run() through reportFailure: one line on stderr, JSON with --json.
    .configureOutput({ outputError: () => {} })
    .addHelpText('after', `
Examples:
  $ mtlskit init --yes                                  # a CA, a localhost server and a client cert
  $ mtlskit ca create --intermediate                    # root + intermediate in ./.mtlskit
  $ mtlskit cert create api localhost 127.0.0.1 --profile peer
  $ mtlskit bootstrap pki.yaml --check                  # CI drift check

Exit codes: 0 ok · 1 problem found or refused · 2 usage error · 3 bad input · 4 internal error`)
    .exitOverride();

  const action =
    (command: Invocation['command']) =>
    async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const all = cmd.optsWithGlobals();
      const globals: GlobalOptions = { json: Boolean(all.json), color: all.color !== false, quiet: Boolean(all.quiet) };
      const args = params.slice(0, -2).flatMap((p) => (Array.isArray(p) ? p : p === undefined ? [] : [p])) as string[];
      setExit(await dispatch({ command, args, options: cmd.opts(), globals }));
    };

  const dirOption = () => new Option('--dir <dir>', 'CA store folder (default: $MTLSKIT_DIR or ./.mtlskit)');

  const ca = program.command('ca').description('manage the certificate authority').addHelpText('after', EXAMPLES.ca);
  ca.command('create')
    .description('create a root CA (and optionally an intermediate that signs leaves)')
    .addOption(dirOption())
    .option('--name <cn>', 'root CA common name')
    .option('--key <alg>', 'ec-p256 (default), ec-p384, ed25519, rsa-2048, rsa-3072, rsa-4096')
    .option('--days <n>', 'root validity in days (default 3650)')
    .option('--intermediate [cn]', 'also create an intermediate CA (5 years) that signs leaves')
    .option('--path-len <n>', 'pathLenConstraint: of the intermediate (default 0), or of the root without one')
    .option('--passphrase-file <file>', 'encrypt the CA keys with the passphrase in this file (or $MTLSKIT_CA_PASSPHRASE)')
    .option('--force', 'replace an existing CA (every certificate it issued stops verifying)', false)
    .addHelpText('after', EXAMPLES.ca)
    .action(action('ca create'));

  const cert = program.command('cert').description('issue certificates').addHelpText('after', EXAMPLES.cert);
  cert.command('create')
    .description('issue a certificate from the CA (the intermediate when there is one)')
    .argument('<name>', 'names the files (NAME.crt, NAME.key, NAME-chain.crt) and the subject CN')
    .argument('[san...]', 'subject alternative names')
    .option('--san <san>', 'a subject alternative name (repeatable)', collect, [])
    .option('--profile <profile>', 'server (default), client, peer, spiffe, or a profile file')
    .addOption(dirOption())
    .option('--key <alg>', 'ec-p256 (default), ec-p384, ed25519, rsa-2048, rsa-3072, rsa-4096')
    .option('--days <n>', 'validity in days (default 365)')
    .option('--out <dir>', 'output folder (default: <dir>/certs)')
    .option('--format <list>', 'pem (always), der, p12, k8s; comma list or repeated', collect, [])
    .option('--p12-password-file <file>', 'PKCS#12 password (or $MTLSKIT_P12_PASSWORD, or a prompt on a terminal)')
    .option('--p12-legacy', 'PKCS#12 with 3DES and a SHA-1 MAC, for Java 8, old macOS and Windows Server 2016', false)
    .option('--csr <file>', 'certify the key of this PKCS#10 request instead of generating one')
    .option('--passphrase-file <file>', 'passphrase of an encrypted CA key (or $MTLSKIT_CA_PASSPHRASE)')
    .option('--force', 'replace existing files', false)
    .addHelpText('after', EXAMPLES.cert)
    .action(action('cert create'));

  program
    .command('bootstrap')
    .description('create a CA and service certificates from a JSON or YAML file; idempotent, renews what expires')
    .argument('<config>', 'the config file')
    .option('--check', 'write nothing; exit 1 and list what would change', false)
    .addOption(dirOption())
    .option('--passphrase-file <file>', 'passphrase of the CA keys (or $MTLSKIT_CA_PASSPHRASE)')
    .option('--p12-password-file <file>', 'password for p12 outputs (or $MTLSKIT_P12_PASSWORD)')
    .addHelpText('after', EXAMPLES.bootstrap)
    .action(action('bootstrap'));

  // How inspect, verify and lint read their inputs (src/cli/inputs.ts): the same flags for all three.
  const readerOptions = (command: Command) =>
    command
      .option('--password-file <file>', 'password of a PKCS#12 input or encrypted key (or $MTLSKIT_P12_PASSWORD)')
      .option('--servername <name>', 'SNI to send to a live server (default: its host name)')
      .option('--timeout <seconds>', 'give up on a live server after this long (default 10)');

  readerOptions(program.command('inspect'))
    .description('show what a file, stdin or a live server holds: certificates as a chain tree, keys, requests')
    .argument('<input...>', 'a file, - for stdin, host:port or https://url')
    .option('--cert <file>', 'client certificate to present to a live server')
    .option('--key <file>', 'key of --cert')
    .option('--at <time>', 'show validity as of this ISO 8601 time instead of now')
    .addHelpText('after', EXAMPLES.inspect)
    .action(action('inspect'));

  readerOptions(program.command('verify'))
    .description('validate a certificate chain as OpenSSL (and Node) would, and explain each failure')
    .argument('<cert>', 'the certificate (extra certificates in the file are intermediates), - or host:port')
    .option('--ca <file>', 'trusted root certificates (repeatable)', collect, undefined)
    .option('--untrusted <file>', 'intermediate certificates, not trusted (repeatable)', collect, undefined)
    .option('--system', 'also trust the system roots', false)
    .option('--host <name>', 'the certificate must be valid for this host name')
    .option('--ip <address>', 'the certificate must be valid for this IP address')
    .option('--purpose <role>', 'server or client: the extended key usage must allow it')
    .option('--at <time>', 'verify at this ISO 8601 time instead of now')
    .addHelpText('after', EXAMPLES.verify)
    .action(action('verify'));

  readerOptions(program.command('lint'))
    .description('check certificates against mTLS-centred rules (see the README for the list)')
    .argument('<input...>', 'files, - for stdin, or host:port')
    .option('--purpose <role>', 'server, client or peer: the role the certificates are for')
    .option('--at <time>', 'judge validity at this ISO 8601 time instead of now')
    .addHelpText('after', EXAMPLES.lint)
    .action(action('lint'));

  const tlsVersions = (command: Command) =>
    command.option('--min-tls <version>', 'lowest TLS version to accept: 1.2 or 1.3').option('--max-tls <version>', 'highest TLS version to offer: 1.2 or 1.3');

  // The client options connect, trace and diagnose share (src/cli/client-options.ts reads them).
  const clientOptions = (command: Command) =>
    tlsVersions(
      command
        .option('--cert <file>', 'client certificate to present: PEM (a -chain.crt file brings its intermediates) or PKCS#12 (.p12, key included)')
        .option('--key <file>', 'private key of --cert (not needed with a .p12)')
        .option('--ca <file>', 'CA certificates the server chain must chain to (repeatable; default: system roots)', collect, undefined)
        .option('--servername <name>', 'SNI and the name the server certificate must hold (default: the target host)')
        .option('--alpn <protocols>', 'ALPN protocols to offer, comma-separated (e.g. h2,http/1.1)')
        .option('--timeout <seconds>', 'give up after this long (default 10)')
        .option('--password-file <file>', 'password of an encrypted --key or of a .p12 --cert (or $MTLSKIT_KEY_PASSPHRASE / $MTLSKIT_P12_PASSWORD)'),
    );

  tlsVersions(
    program
      .command('serve')
      .description('run a test mTLS server that reports every handshake (HTTP or echo)')
      .option('--cert <file>', 'server certificate: PEM (a -chain.crt file brings its intermediates) or PKCS#12 (.p12, key included)')
      .option('--key <file>', 'private key of --cert (not needed with a .p12)')
      .option('--chain <file>', 'intermediate certificates to present after --cert')
      .option('--ca <file>', 'CA certificates that client certificates must chain to (repeatable)', collect, undefined)
      .option('--host <address>', 'address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)')
      .option('--port <n>', 'port to listen on (default 8443; 0 picks a free one)')
      .option('--mode <mode>', 'diagnose (default: complete every handshake, explain) or strict (as a production Node server)')
      .option('--protocol <p>', 'http (default) or echo')
      .option('--handshake-timeout <seconds>', 'drop clients that have not finished the handshake by then (default 10)')
      .option('--password-file <file>', 'password of an encrypted --key or of a .p12 --cert (or $MTLSKIT_KEY_PASSPHRASE / $MTLSKIT_P12_PASSWORD)'),
  )
    .addHelpText('after', EXAMPLES.serve)
    .action(action('serve'));

  clientOptions(
    program
      .command('connect')
      .description('connect as an mTLS client and report everything about the handshake')
      .argument('<target>', 'host:port, [v6]:port or https://url')
      .option('--http [path]', 'send an HTTP GET (to PATH, default the URL path or /) and show the status and headers'),
  )
    .addHelpText('after', EXAMPLES.connect)
    .action(action('connect'));

  program
    .command('explain')
    .description('explain TLS errors: alerts, OpenSSL/BoringSSL codes, X509_V_ERR codes, Go, Java, Python, curl, nginx, Envoy … messages')
    .argument('[text...]', 'an error message, a code or a number (default: read a whole log from stdin)')
    .option('--x509', 'read a bare number as an X509_V_ERR code instead of a TLS alert', false)
    .addHelpText('after', EXAMPLES.explain)
    .action(action('explain'));

  clientOptions(
    program
      .command('trace')
      .description('the handshake transcript, message by message, both directions (TLS 1.3 decrypted)')
      .argument('<target>', 'host:port, [v6]:port or https://url')
      .option('--keylog <file>', 'also append the session secrets to FILE in SSLKEYLOGFILE format (for Wireshark)'),
  )
    .addHelpText('after', EXAMPLES.trace)
    .action(action('trace'));

  clientOptions(
    program
      .command('diagnose')
      .description('probe an endpoint and check the files, then rank the causes of a failing handshake with fixes')
      .argument('[target]', 'host:port, [v6]:port or https://url (omit with --local)')
      .option('--http [path]', 'also send an HTTP GET after the handshake')
      .option('--local', 'no network: predict the handshake from the files of both sides', false)
      .option('--server-cert <file>', '--local: the server certificate (with its chain): PEM or PKCS#12 (.p12, key included)')
      .option('--server-key <file>', '--local: its private key (not needed with a .p12)')
      .option('--server-chain <file>', '--local: intermediates the server presents')
      .option('--server-ca <file>', '--local: the CA bundle the server checks client certificates against (repeatable)', collect, undefined)
      .option('--at <time>', '--local: judge validity at this ISO 8601 time'),
  )
    .addHelpText('after', EXAMPLES.diagnose)
    .action(action('diagnose'));

  program
    .command('init')
    .description('guided setup: a CA and your services, asked on a terminal')
    .addOption(dirOption())
    .option('-y, --yes', 'ask nothing: defaults and flags only', false)
    .option('--name <cn>', 'root CA common name')
    .option('--key <alg>', 'key type of the CA and the certificates (default ec-p256)')
    .option('--days <n>', 'root CA validity in days (default 3650)')
    .option('--intermediate [cn]', 'also create an intermediate CA that signs the certificates')
    .option('--out <dir>', 'output folder for service files (default: <dir>/certs)')
    .option('--passphrase-file <file>', 'encrypt the CA keys with this passphrase')
    .addHelpText('after', EXAMPLES.init)
    .action(action('init'));

  return program;
}

async function dispatchToCommand(invocation: Invocation): Promise<number> {
  const io = await processIo(invocation.globals);
  try {
    switch (invocation.command) {
      case 'ca create':
        return await (await import('./commands/ca-create.js')).caCreateCommand(invocation.options, invocation.globals, io);
      case 'cert create':
        return await (await import('./commands/cert-create.js')).certCreateCommand(invocation.args, invocation.options, invocation.globals, io);
      case 'bootstrap':
        return await (await import('./commands/bootstrap.js')).bootstrapCommand(invocation.args[0]!, invocation.options, invocation.globals, io);
      case 'init':
        return await (await import('./commands/init.js')).initCommand(invocation.options, invocation.globals, io);
      case 'inspect':
        return await (await import('./commands/inspect.js')).inspectCommand(invocation.args, invocation.options, invocation.globals, io);
      case 'verify':
        return await (await import('./commands/verify.js')).verifyCommand(invocation.args[0]!, invocation.options, invocation.globals, io);
      case 'lint':
        return await (await import('./commands/lint.js')).lintCommand(invocation.args, invocation.options, invocation.globals, io);
      case 'serve':
        return await (await import('./commands/serve.js')).serveCommand(invocation.options, invocation.globals, io);
      case 'connect':
        return await (await import('./commands/connect.js')).connectCommand(invocation.args[0]!, invocation.options, invocation.globals, io);
      case 'explain':
        return await (await import('./commands/explain.js')).explainCommand(invocation.args, invocation.options, invocation.globals, io);
      case 'diagnose':
        return await (await import('./commands/diagnose.js')).diagnoseCommand(invocation.args[0], invocation.options, invocation.globals, io);
      case 'trace':
        return await (await import('./commands/trace.js')).traceCommand(invocation.args[0]!, invocation.options, invocation.globals, io);
    }
  } catch (error) {
    return reportFailure(error, invocation.globals, io);
  }
}

/** The one place a failure becomes text and an exit code. */
export function reportFailure(error: unknown, globals: GlobalOptions, io: Io): number {
  const code = exitCodeFor(error);
  const message =
    error instanceof MtlskitError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)} (run with MTLSKIT_DEBUG=1 and report it)`;
  io.err(`mtlskit: ${message}`);
  if (io.env.MTLSKIT_DEBUG === '1' && error instanceof Error && error.stack) io.err(error.stack);
  if (globals.json) {
    const kind = error instanceof MtlskitError ? error.kind : 'internal';
    const causeId = error instanceof MtlskitError ? error.causeId : undefined;
    io.out(toJson({ ok: false, error: { kind, message, ...(causeId ? { causeId } : {}), exitCode: code } }));
  }
  return code;
}

const globalsFromArgv = (argv: string[]): GlobalOptions => ({ json: argv.includes('--json'), color: false, quiet: false });

export async function run(argv: string[], dispatch: Dispatch = dispatchToCommand): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(dispatch, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version exit 0; every parse error (unknown flag, missing argument) is a usage error.
      if (error.exitCode === 0) return ExitCode.Ok;
      if (error.code === 'commander.help') return ExitCode.Usage; // help was shown on stderr instead
      // "error: unknown option '--forc'\n(Did you mean --force?)" → one sentence.
      const [first = '', ...rest] = error.message.replace(/^error: /, '').split('\n').filter(Boolean);
      const hint = rest.map((line) => line.replace(/^\((.*)\)$/, '$1').replace(/^Did/, 'did')).join(' ');
      return reportFailure(usageError(`${first.replace(/\.$/, '')}${hint ? ` (${hint})` : ''}; run with --help for usage`), globalsFromArgv(argv), await processIo({ color: false }));
    }
    return reportFailure(error, globalsFromArgv(argv), await processIo({ color: false }));
  }
  return exitCode;
}
