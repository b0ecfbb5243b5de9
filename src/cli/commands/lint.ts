import { lintCertificates } from '../../x509/lint.js';
import { renderLint } from '../../render/lint.js';
import { ExitCode } from '../exit-code.js';
import { readInputs } from '../inputs.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';
import { parseAt, parseChoice } from '../options.js';

export async function lintCommand(inputs: string[], options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const purpose = options.purpose === undefined ? undefined : parseChoice(options.purpose, '--purpose', ['server', 'client', 'peer'] as const);
  const now = options.at === undefined ? io.now() : parseAt(options.at);
  const read = await readInputs(inputs, options, io);
  const certificates = read.flatMap(({ decoded }) => decoded.certificates);
  const findings = lintCertificates(certificates, { now, purpose });
  const ok = !findings.some((finding) => finding.severity === 'error');
  io.out(globals.json ? toJson({ ok, findings }) : renderLint(findings, certificates.length, io.theme));
  return ok ? ExitCode.Ok : ExitCode.ProblemFound;
}
