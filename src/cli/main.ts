import { readFileSync } from 'node:fs';

export const version = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Entry point of bin/mtlskit.js (which answers a lone `--version` itself, before any of this is
 * loaded); the command table is loaded lazily.
 */
export async function main(argv: string[]): Promise<number> {
  // `mtlskit inspect big.pem | head` closes the pipe early: stop quietly, as cat does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const { run } = await import('./program.js');
  return run(argv);
}
