#!/usr/bin/env node
'use strict';
// CommonJS on purpose: `mtlskit --version` is answered here, before Node's ES module loader starts
// (that start alone costs a third of `node -e 0`), so it costs about as much as Node itself.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  // File writes (with fsync) and key generation share libuv's thread pool; a wider pool keeps disk
  // waits from queuing behind crypto when bootstrap issues many certificates. Must be set before the
  // pool's first use, hence before the CLI is loaded.
  process.env.UV_THREADPOOL_SIZE ??= '16';
  import('../dist/cli/main.js').then(async ({ main }) => {
    process.exitCode = await main(argv);
  });
}
