import { usageError } from '../../errors.js';
import type { GlobalOptions, Io } from '../io.js';

export async function explainCommand(_args: string[], _options: Record<string, unknown>, _globals: GlobalOptions, _io: Io): Promise<number> {
  throw usageError('explain is not built yet');
}
