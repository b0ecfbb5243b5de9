import { readFileSync } from 'node:fs';

export const version = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Entry point of bin/mtlskit.js. `--version` is answered before anything else is loaded so it
 * costs no more than Node's own start; everything else loads the command table lazily.
 */
export async function main(argv: string[]): Promise<number> {
  // `mtlskit inspect big.pem | head` closes the pipe early: stop quietly, as cat does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const { run } = await import('./program.js');
  return run(argv);
}
