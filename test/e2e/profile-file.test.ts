import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// `--profile ./file` loads a user's own profile in the format of templates/profiles/*.json.
let tmp: { path: string; remove: () => void };
beforeAll(() => {
  tmp = tempDir('mtlskit-profile-');
  mkdirSync(join(tmp.path, 'conf'));
  writeFileSync(
    join(tmp.path, 'conf', 'codesign.json'),
    JSON.stringify({ name: 'codesign', keyUsage: ['digitalSignature', 'nonRepudiation'], extendedKeyUsage: ['codeSigning', '1.3.6.1.4.1.311.10.3.13'], sans: { required: false } }),
  );
  writeFileSync(join(tmp.path, 'conf', 'broken.json'), JSON.stringify({ name: 'x', keyUsage: ['signEverything'] }));
});
afterAll(() => tmp.remove());

const text = (cert: string) => spawnSync('openssl', ['x509', '-in', cert, '-noout', '-text'], { encoding: 'utf8' }).stdout;

describe('profile files', () => {
  it('cert create --profile ./file.json applies its usages', () => {
    const dir = join(tmp.path, 'store1');
    expect(runCli(['ca', 'create', '--dir', dir]).code).toBe(0);
    const r = runCli(['cert', 'create', 'signer', '--dir', dir, '--profile', './conf/codesign.json', '--json'], { cwd: tmp.path });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.certificate.profile).toBe('codesign');
    const out = text(r.json.files.cert);
    expect(out).toMatch(/Key Usage: critical\n\s+Digital Signature, Non Repudiation\n/);
    expect(out).toMatch(/Extended Key Usage: \n\s+Code Signing, 1\.3\.6\.1\.4\.1\.311\.10\.3\.13\n/);
  });

  it('a profile file with an unknown key usage is bad input (exit 3) naming the file and field', () => {
    const dir = join(tmp.path, 'store2');
    expect(runCli(['ca', 'create', '--dir', dir]).code).toBe(0);
    const r = runCli(['cert', 'create', 'x', '--dir', dir, '--profile', './conf/broken.json'], { cwd: tmp.path });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/broken\.json: keyUsage\[0\]/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('bootstrap finds a profile file beside the config, whatever the working folder', () => {
    writeFileSync(join(tmp.path, 'conf', 'pki.json'), JSON.stringify({ services: [{ name: 'signer', profile: './codesign.json' }] }));
    const r = runCli(['bootstrap', join(tmp.path, 'conf', 'pki.json'), '--dir', join(tmp.path, 'store3'), '--json'], { cwd: '/' });
    expect(r.code, r.stderr).toBe(0);
    expect(text(r.json.files.signer.cert)).toMatch(/Code Signing/);
    const again = runCli(['bootstrap', join(tmp.path, 'conf', 'pki.json'), '--dir', join(tmp.path, 'store3'), '--json'], { cwd: '/' });
    expect(again.json.unchanged).toEqual(['signer']);
  });
});
