#!/usr/bin/env node
// File writes (with fsync) and key generation share libuv's thread pool; a wider pool keeps disk
// waits from queuing behind crypto when bootstrap issues many certificates. Must be set before the
// pool's first use, hence before the CLI is loaded.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
