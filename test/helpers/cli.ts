import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, spawned as a user runs it (`npm test` builds first). */
export const BIN = fileURLToPath(new URL('../../bin/mtlskit.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON, else undefined. */
  json: any;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

function result(code: number | null, stdout: string, stderr: string): CliResult {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code: code ?? -1, stdout, stderr, json };
}

const childEnv = (env?: NodeJS.ProcessEnv) => ({ ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, MTLSKIT_DIR: undefined, MTLSKIT_CA_PASSPHRASE: undefined, MTLSKIT_P12_PASSWORD: undefined, ...env });

/** Runs `mtlskit ARGS` to completion (synchronously). */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const child = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: childEnv(options.env),
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 120_000,
  });
  return result(child.status, child.stdout, child.stderr);
}

/** Runs `mtlskit ARGS` without blocking the event loop, for concurrent runs. */
export function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: childEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve(result(code, stdout, stderr)));
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh temporary folder and its cleanup. */
export function tempDir(prefix = 'mtlskit-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
