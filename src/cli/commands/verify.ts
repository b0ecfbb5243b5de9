import { isIP } from 'node:net';
import { usageError } from '../../errors.js';
import { orderChains } from '../../x509/chain.js';
import { verifyCertificate } from '../../x509/verify.js';
import { renderVerify } from '../../render/verify.js';
import { ExitCode } from '../exit-code.js';
import { readInput, readInputs } from '../inputs.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';
import { parseAt, parseChoice } from '../options.js';
import { systemRoots } from '../trust-store.js';

export async function verifyCommand(input: string, options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const purpose = options.purpose === undefined ? undefined : parseChoice(options.purpose, '--purpose', ['server', 'client'] as const);
  const at = options.at === undefined ? io.now() : parseAt(options.at);
  const ip = options.ip === undefined ? undefined : String(options.ip);
  if (ip !== undefined && !isIP(ip)) throw usageError(`invalid value '${ip}' for --ip; expected an IPv4 or IPv6 address (use --host for names)`, ip);
  const host = options.host === undefined ? undefined : String(options.host);

  const target = await readInput(input, options, io);
  const [leaf, ...extra] = orderChains(target.decoded.certificates).flat();
  if (!leaf) throw usageError(`${target.input} holds no certificate to verify`, target.input);
  const caFiles = (options.ca as string[] | undefined) ?? [];
  const anchors = (await readInputs(caFiles, {}, io)).flatMap(({ decoded }) => decoded.certificates);
  const notes: string[] = [];
  if (options.system || caFiles.length === 0) {
    const system = await systemRoots(io);
    anchors.push(...system.certificates);
    if (caFiles.length === 0) notes.push(`trusting the system roots (${system.source}); give --ca FILE to trust your own CA`);
  }
  const untrusted = [...extra, ...(await readInputs((options.untrusted as string[] | undefined) ?? [], {}, io)).flatMap(({ decoded }) => decoded.certificates)];

  const report = verifyCertificate(leaf, { anchors, untrusted, purpose, host, ip, at });
  io.out(globals.json ? toJson(report) : renderVerify(report, io.theme, globals.quiet ? [] : notes));
  return report.ok ? ExitCode.Ok : ExitCode.ProblemFound;
}
