/**
 * Reading what inspect, verify and lint are given: a file, `-` (stdin) or a live server, decoded
 * by content. Every failure becomes one sentence naming the input (exit 3).
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { inputError, usageError } from '../errors.js';
import { DecodeError } from '../x509/decode-error.js';
import { decode, MAX_INPUT_BYTES } from '../x509/decode.js';
import type { NamedInput } from '../x509/inspect.js';
import { parseTarget } from '../tls/target.js';
import type { Io } from './io.js';
import { parseSeconds, readSecretFile } from './options.js';

export interface InputOptions {
  /** --password-file, for PKCS#12 files and encrypted keys. */
  passwordFile?: unknown;
  servername?: unknown;
  cert?: unknown;
  key?: unknown;
  timeout?: unknown;
}

/** Reads and decodes one input; `live` says whether it came from a server. */
export async function readInput(spec: string, options: InputOptions, io: Io): Promise<NamedInput> {
  const local = readLocalInput(spec, io);
  return local ? decodeLocalInput(local, options, io) : readLive(spec, options, io);
}

/** The bytes of a file or of stdin (`-`), with the name messages give them. */
export interface LocalInput {
  name: string;
  bytes: Buffer;
}

/** A file or `-` (stdin), read whole; null when spec names no file but a live server (host:port, https://url). */
export function readLocalInput(spec: string, io: Io): LocalInput | null {
  if (spec === '-') return { name: 'stdin', bytes: readStdin() };
  if (!fileExists(resolve(io.cwd, spec)) && parseTarget(spec)) return null;
  return { name: spec, bytes: readInputFile(spec, io) };
}

/** What readInput makes of a file already read. */
export async function decodeLocalInput(local: LocalInput, options: InputOptions, io: Io): Promise<NamedInput> {
  return { input: local.name, decoded: await openWithPassword(local.name, (password) => decode(local.bytes, { password }), options, io) };
}

export async function readInputs(specs: readonly string[], options: InputOptions, io: Io): Promise<NamedInput[]> {
  const out: NamedInput[] = [];
  for (const spec of specs) out.push(await readInput(spec, options, io));
  return out;
}

/** stat, not open: opening a named pipe would wait for a writer. */
function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads a file, refusing directories and anything larger than the decoder takes before reading it. */
export function readInputFile(spec: string, io: Io): Buffer {
  const path = resolve(io.cwd, spec);
  let fd: number;
  try {
    // A named pipe nobody writes to would block open(2) forever; without blocking, it reads as empty.
    const fifo = statSync(path).isFIFO();
    fd = openSync(path, fifo ? constants.O_RDONLY | constants.O_NONBLOCK : 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    throw inputError(`cannot read ${spec}: ${why}; check the path`, { subject: spec, causeId: 'key-load-failed', cause: error });
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw inputError(`${spec} is a directory; give a certificate file inside it (e.g. ${spec.replace(/\/$/, '')}/cert.pem)`, { subject: spec });
    if (stat.size > MAX_INPUT_BYTES) {
      throw inputError(`${spec} is ${(stat.size / 1048576).toFixed(1)} MB, far larger than any certificate file (mtlskit reads up to ${MAX_INPUT_BYTES / 1048576} MB); check that it is the right file`, { subject: spec });
    }
    // A pipe (`inspect <(kubectl …)`) or a device reports no size: read it with a bound.
    return stat.isFile() ? readFileSync(fd) : readBounded(fd, spec);
  } finally {
    closeSync(fd);
  }
}

function readStdin(): Buffer {
  return readBounded(0, 'stdin');
}

/** Reads until end of file, refusing more than MAX_INPUT_BYTES (so /dev/zero fails instead of filling memory). */
function readBounded(fd: number, name: string): Buffer {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(65536);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw inputError(`cannot read ${name}: ${code}`, { subject: name, cause: error });
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_INPUT_BYTES) throw inputError(`${name} holds more than ${MAX_INPUT_BYTES / 1048576} MB, far larger than any certificate file; check that it is the right input`, { subject: name });
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/**
 * Runs `open` (a reader that throws DecodeError) with the password from --password-file, else
 * $MTLSKIT_P12_PASSWORD, else none; when it needs one and none was given, asks on a terminal or
 * fails naming the flag that would have answered. Any DecodeError becomes one sentence naming
 * `name` (exit 3).
 */
export async function openWithPassword<T>(name: string, open: (password: string | null) => T | Promise<T>, options: InputOptions, io: Io): Promise<T> {
  const given = typeof options.passwordFile === 'string' ? readSecretFile(options.passwordFile, '--password-file') : io.env.MTLSKIT_P12_PASSWORD || null;
  try {
    return await open(given);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    if (error.reason === 'password-required' && given === null) {
      if (!io.stdinIsTTY || !io.stderrIsTTY) {
        throw usageError(`${name} is password-protected (${error.message}); pass --password-file FILE or set MTLSKIT_P12_PASSWORD`, name);
      }
      const { password } = await import('@inquirer/prompts');
      const answer = await password({ message: `Password for ${name}`, mask: '*' }, { output: process.stderr });
      try {
        return await open(answer);
      } catch (retry) {
        throw decodeFailure(name, retry);
      }
    }
    throw decodeFailure(name, error);
  }
}

function decodeFailure(name: string, error: unknown) {
  if (!(error instanceof DecodeError)) return error;
  const hint = error.reason === 'wrong-password' ? '; check --password-file or MTLSKIT_P12_PASSWORD' : '';
  return inputError(`${name}: ${error.message}${hint}`, { subject: name, causeId: 'key-load-failed', cause: error });
}

async function readLive(spec: string, options: InputOptions, io: Io): Promise<NamedInput> {
  const target = parseTarget(spec)!;
  const { fetchPresentedChain, FetchError } = await import('../tls/fetch-chain.js');
  const timeoutMs = parseSeconds(options.timeout, '--timeout', 10);
  try {
    const presented = await fetchPresentedChain(target, {
      servername: typeof options.servername === 'string' ? options.servername : undefined,
      cert: typeof options.cert === 'string' ? readInputFile(options.cert, io) : undefined,
      key: typeof options.key === 'string' ? readInputFile(options.key, io) : undefined,
      timeoutMs,
    });
    const decoded = await decode(Buffer.concat(presented.certificates));
    decoded.container = `tls (${presented.protocol ?? 'unknown version'})`;
    return { input: spec, decoded };
  } catch (error) {
    if (error instanceof FetchError) throw inputError(`cannot fetch the chain of ${spec}: ${error.message}`, { subject: spec });
    throw decodeFailure(spec, error);
  }
}
