import { Command, CommanderError, Option } from 'commander';
import { MtlskitError, usageError } from '../errors.js';
import { exitCodeFor, ExitCode } from './exit-code.js';
import { processIo, toJson, type GlobalOptions, type Io } from './io.js';
import { version } from './main.js';

/** What a parsed command line asks for; the table test of argv → options reads exactly this. */
export interface Invocation {
  command: 'ca create' | 'cert create' | 'bootstrap' | 'init';
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
  const io = processIo(invocation.globals);
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
      return reportFailure(usageError(`${first.replace(/\.$/, '')}${hint ? ` (${hint})` : ''}; run with --help for usage`), globalsFromArgv(argv), processIo({ color: false }));
    }
    return reportFailure(error, globalsFromArgv(argv), processIo({ color: false }));
  }
  return exitCode;
}
