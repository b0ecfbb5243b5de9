import { inspectInputs } from '../../x509/inspect.js';
import { renderInspect } from '../../render/inspect.js';
import { ExitCode } from '../exit-code.js';
import { parseAt } from '../options.js';
import { readInputs } from '../inputs.js';
import { toJson, type GlobalOptions, type Io } from '../io.js';

export async function inspectCommand(inputs: string[], options: Record<string, unknown>, globals: GlobalOptions, io: Io): Promise<number> {
  const read = await readInputs(inputs, options, io);
  const now = options.at === undefined ? io.now() : parseAt(options.at);
  const report = inspectInputs(read, now);
  io.out(globals.json ? toJson(report) : renderInspect(report, { theme: io.theme, now }));
  return ExitCode.Ok;
}
