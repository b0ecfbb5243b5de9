/** A `kubernetes.io/tls` Secret (Kubernetes API core/v1) carrying tls.crt, tls.key and ca.crt. */
export function kubernetesTlsSecret(name: string, chainPem: string, keyPem: string, caPem: string): string {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${secretName(name)}`,
    '  labels:',
    '    app.kubernetes.io/managed-by: mtlskit',
    'type: kubernetes.io/tls',
    'data:',
    `  tls.crt: ${b64(chainPem)}`,
    `  tls.key: ${b64(keyPem)}`,
    `  ca.crt: ${b64(caPem)}`,
    '',
  ].join('\n');
}

/** Object names are RFC 1123 subdomains: lower-case alphanumerics, '-' and '.', at most 253 characters. */
export function secretName(name: string): string {
  const cleaned = `${name}-tls`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return cleaned.slice(0, 253).replace(/[^a-z0-9]+$/, '');
}
