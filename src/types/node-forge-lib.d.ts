// node-forge's per-module entry points: loading only ASN.1 (and its util) instead of the whole
// library halves forge's share of start-up. The types are the same objects the main typings describe.
declare module 'node-forge/lib/asn1.js' {
  import type forge from 'node-forge';
  const asn1: typeof forge.asn1;
  export default asn1;
}
declare module 'node-forge/lib/util.js' {
  import type forge from 'node-forge';
  const util: typeof forge.util;
  export default util;
}
