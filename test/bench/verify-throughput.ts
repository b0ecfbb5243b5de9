// Verifies every chain file given on the command line in this one process (decode + path
// validation with --purpose server and the host check) and prints chains per second as JSON.
// Bundled by run.mjs with esbuild, so it measures the same engine the CLI ships.
import { readFileSync } from 'node:fs';
import { decode } from '../../src/x509/decode.js';
import { orderChains } from '../../src/x509/chain.js';
import { verifyCertificate } from '../../src/x509/verify.js';

const [rootFile, ...chainFiles] = process.argv.slice(2);
const anchors = (await decode(readFileSync(rootFile!))).certificates;
const inputs = chainFiles.map((file) => ({ host: file.replace(/^.*\/(.*)-chain\.crt$/, '$1.internal'), bytes: readFileSync(file) }));
const at = new Date();
const start = process.hrtime.bigint();
let failures = 0;
for (const { host, bytes } of inputs) {
  const [leaf, ...untrusted] = orderChains((await decode(bytes)).certificates).flat();
  const report = verifyCertificate(leaf!, { anchors, untrusted, purpose: 'server', host, at });
  if (!report.ok) failures++;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(JSON.stringify({ chains: inputs.length, failures, seconds, perSecond: inputs.length / seconds }));
