import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, tempDir } from '../helpers/cli.js';

// Bad input to serve and connect, as a user types it: one sentence on stderr naming the file or
// value and the fix, the documented exit code (2 usage, 3 unreadable or mismatched files), no stack
// trace, and serve never starts listening on bad input. The PKCS#12 rows cover trace and diagnose
// too: they load --cert through the same code.

let tmp: { path: string; remove: () => void };
let busy: Server;
let busyPort: number;
const p = (name: string) => join(tmp.path, name);

beforeAll(async () => {
  tmp = tempDir('mtlskit-serve-bad-');
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: tmp.path, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'a.key', '-out', 'a.crt', '-subj', '/CN=localhost', '-days', '30']);
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'b.key', '-out', 'b.crt', '-subj', '/CN=other', '-days', '30']);
  run(['pkcs8', '-topk8', '-in', 'a.key', '-out', 'a-enc.key', '-passout', 'pass:secret']);
  run(['pkcs12', '-export', '-in', 'a.crt', '-inkey', 'a.key', '-out', 'a.p12', '-passout', 'pass:p12 secret']);
  run(['pkcs12', '-export', '-nokeys', '-in', 'a.crt', '-out', 'a-nokey.p12', '-passout', 'pass:']);
  run(['pkcs12', '-export', '-nocerts', '-inkey', 'a.key', '-out', 'a-nocert.p12', '-passout', 'pass:']);
  // a.crt with b's key: -nocerts keeps openssl from insisting that they match.
  run(['pkcs12', '-export', '-nocerts', '-inkey', 'b.key', '-certfile', 'a.crt', '-out', 'mismatched.p12', '-passout', 'pass:']);
  writeFileSync(p('p12-pw.txt'), 'p12 secret\n');
  writeFileSync(p('wrong-pw.txt'), 'not the password\n');
  writeFileSync(p('junk.pem'), 'not a certificate\n');
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});

afterAll(() => {
  busy?.close();
  tmp?.remove();
});

interface Case {
  label: string;
  args: () => string[];
  code: number;
  message: RegExp;
  env?: NodeJS.ProcessEnv;
}

const P12_PASSWORD_MISSING = /a\.p12 is password-protected \(.*\); pass --password-file FILE or set MTLSKIT_P12_PASSWORD$/m;
const P12_PASSWORD_WRONG = /a\.p12: the PKCS#12 password is wrong .*; check --password-file or MTLSKIT_P12_PASSWORD$/m;
const P12_KEY_MISMATCH = /the private key in .*mismatched\.p12 belongs to none of its certificates; export it again/;

const CASES: Case[] = [
  { label: 'serve without --cert', args: () => ['serve', '--key', p('a.key')], code: 2, message: /--cert FILE is required/ },
  { label: 'serve with a key of another certificate', args: () => ['serve', '--cert', p('a.crt'), '--key', p('b.key')], code: 3, message: /b\.key is not the private key of .*a\.crt/ },
  { label: 'serve with a missing certificate file', args: () => ['serve', '--cert', p('nope.crt'), '--key', p('a.key')], code: 3, message: /cannot read .*nope\.crt: no such file/ },
  { label: 'serve with a --ca holding no certificate', args: () => ['serve', '--cert', p('a.crt'), '--key', p('a.key'), '--ca', p('junk.pem')], code: 3, message: /junk\.pem/ },
  { label: 'serve with an encrypted key and no password', args: () => ['serve', '--cert', p('a.crt'), '--key', p('a-enc.key')], code: 3, message: /a-enc\.key is an encrypted private key; pass --password-file/ },
  { label: 'serve with an unknown --mode', args: () => ['serve', '--cert', p('a.crt'), '--key', p('a.key'), '--mode', 'fast'], code: 2, message: /invalid value 'fast' for --mode; expected strict, diagnose/ },
  { label: 'serve with a port out of range', args: () => ['serve', '--cert', p('a.crt'), '--key', p('a.key'), '--port', '70000'], code: 2, message: /--port/ },
  { label: 'serve on a port in use', args: () => ['serve', '--cert', p('a.crt'), '--key', p('a.key'), '--port', String(busyPort)], code: 2, message: /port \d+ on 127\.0\.0\.1 is in use/ },
  { label: 'serve with --min-tls above --max-tls', args: () => ['serve', '--cert', p('a.crt'), '--key', p('a.key'), '--min-tls', '1.3', '--max-tls', '1.2'], code: 2, message: /--min-tls 1\.3 is above --max-tls 1\.2/ },
  { label: 'serve with an unknown TLS version', args: () => ['serve', '--cert', p('a.crt'), '--key', p('a.key'), '--min-tls', '1.1'], code: 2, message: /invalid value '1\.1' for --min-tls; expected 1\.2 or 1\.3/ },
  { label: 'connect to something that is not a target', args: () => ['connect', 'not a target'], code: 2, message: /'not a target' is not a target; write host:port/ },
  { label: 'connect with --key but no --cert', args: () => ['connect', '127.0.0.1:1', '--key', p('a.key')], code: 2, message: /--key needs --cert/ },
  { label: 'connect with a zero timeout', args: () => ['connect', '127.0.0.1:1', '--timeout', '0'], code: 2, message: /invalid value '0' for --timeout/ },
  { label: 'connect with a mismatched client key', args: () => ['connect', '127.0.0.1:1', '--cert', p('a.crt'), '--key', p('b.key')], code: 3, message: /b\.key is not the private key of/ },
  { label: 'connect with --http and a relative path', args: () => ['connect', '127.0.0.1:1', '--http', 'status'], code: 2, message: /--http; expected a path starting with \// },
  { label: 'serve with a .p12 that needs a password, none given and no terminal', args: () => ['serve', '--cert', p('a.p12')], code: 2, message: P12_PASSWORD_MISSING },
  { label: 'connect with a .p12: $MTLSKIT_KEY_PASSPHRASE is not its password', args: () => ['connect', '127.0.0.1:1', '--cert', p('a.p12')], env: { MTLSKIT_KEY_PASSPHRASE: 'p12 secret' }, code: 2, message: P12_PASSWORD_MISSING },
  { label: 'connect with a .p12 and a wrong --password-file', args: () => ['connect', '127.0.0.1:1', '--cert', p('a.p12'), '--password-file', p('wrong-pw.txt')], code: 3, message: P12_PASSWORD_WRONG },
  { label: 'serve with a .p12 and a wrong $MTLSKIT_P12_PASSWORD', args: () => ['serve', '--cert', p('a.p12')], env: { MTLSKIT_P12_PASSWORD: 'not the password' }, code: 3, message: P12_PASSWORD_WRONG },
  { label: 'diagnose --local with a .p12 and a wrong --password-file', args: () => ['diagnose', '--local', '--cert', p('a.p12'), '--password-file', p('wrong-pw.txt')], code: 3, message: P12_PASSWORD_WRONG },
  { label: 'serve with a .p12 holding no private key and no --key', args: () => ['serve', '--cert', p('a-nokey.p12')], code: 2, message: /a-nokey\.p12 holds no private key; give --key FILE$/m },
  { label: 'diagnose --local with a server .p12 holding no private key', args: () => ['diagnose', '--local', '--server-cert', p('a-nokey.p12')], code: 2, message: /a-nokey\.p12 holds no private key; give --server-key FILE$/m },
  { label: 'connect with a .p12 holding no certificate', args: () => ['connect', '127.0.0.1:1', '--cert', p('a-nocert.p12')], code: 3, message: /a-nocert\.p12 holds no certificate; export it again with its certificate/ },
  { label: 'serve with a .p12 whose key belongs to none of its certificates', args: () => ['serve', '--cert', p('mismatched.p12')], code: 3, message: P12_KEY_MISMATCH },
  { label: 'connect with a .p12 whose key belongs to none of its certificates', args: () => ['connect', '127.0.0.1:1', '--cert', p('mismatched.p12')], code: 3, message: P12_KEY_MISMATCH },
  { label: 'trace with a .p12 whose key belongs to none of its certificates', args: () => ['trace', '127.0.0.1:1', '--cert', p('mismatched.p12')], code: 3, message: P12_KEY_MISMATCH },
  { label: 'connect with a .p12 and the --key of another certificate (--key wins)', args: () => ['connect', '127.0.0.1:1', '--cert', p('a.p12'), '--password-file', p('p12-pw.txt'), '--key', p('b.key')], code: 3, message: /b\.key is not the private key of .*a\.p12/ },
];

describe('serve and connect refuse bad input', () => {
  it.each(CASES.map((c) => [c.label, c] as const))('%s', async (_label, c) => {
    const result = await runCliAsync(c.args(), { env: c.env });
    expect(result.code, result.stderr).toBe(c.code);
    expect(result.stderr).toMatch(/^mtlskit: /);
    expect(result.stderr).toMatch(c.message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).not.toMatch(/listening/);
  });

  it('serve reads an encrypted key with --password-file and starts', async () => {
    writeFileSync(p('pw.txt'), 'secret\n');
    const { startServe } = await import('../helpers/serve-process.js');
    const serve = await startServe(['--cert', p('a.crt'), '--key', p('a-enc.key'), '--password-file', p('pw.txt')]);
    expect(serve.listening.port).toBeGreaterThan(0);
    const { code } = await serve.stop();
    expect(code).toBe(0);
  });

  it('serve reads a .p12 holding only the certificate with --key, and starts', async () => {
    const { startServe } = await import('../helpers/serve-process.js');
    const serve = await startServe(['--cert', p('a-nokey.p12'), '--key', p('a.key')]);
    expect(serve.listening.port).toBeGreaterThan(0);
    const { code } = await serve.stop();
    expect(code).toBe(0);
  });
});
