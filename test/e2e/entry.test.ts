import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// bin/mtlskit.js answers a lone --version itself (CommonJS, before the ES module loader and the
// CLI are loaded: issue 2's start-up line); everything else goes through the CLI.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the mtlskit entry point', () => {
  it.each([['--version'], ['-V']])('prints the package version for %s and exits 0', (flag) => {
    const run = runCli([flag]);
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('hands every other argument list to the CLI: help, a command, a usage error', () => {
    expect(runCli(['--help']).stdout).toMatch(/^Usage: mtlskit /);
    expect(runCli(['explain', '48', '--json']).json.causes[0].id).toBe('untrusted-ca');
    const unknown = runCli(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--bogus/);
  });
});
