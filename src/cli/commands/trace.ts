import { usageError } from '../../errors.js';
import type { GlobalOptions, Io } from '../io.js';

export async function traceCommand(_target: string, _options: Record<string, unknown>, _globals: GlobalOptions, _io: Io): Promise<number> {
  throw usageError('trace is not built yet');
}
