#!/usr/bin/env bash
# Reference for the bootstrap benchmark: what a CI script does with the openssl CLI to make a
# root CA and N service certificates (genpkey + req + x509 -req per certificate).
# Usage: openssl-pki.sh ec|rsa N OUTDIR
set -euo pipefail
alg=$1 n=$2 out=$3
mkdir -p "$out" && cd "$out"
if [ "$alg" = ec ]; then keyopts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256); else keyopts=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048); fi
openssl genpkey "${keyopts[@]}" -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -subj "/CN=Bench Root CA" -days 3650 -out ca.crt
for i in $(seq 1 "$n"); do
  openssl genpkey "${keyopts[@]}" -out "svc$i.key" 2>/dev/null
  openssl req -new -key "svc$i.key" -subj "/CN=svc$i" -out "svc$i.csr"
  printf 'subjectAltName=DNS:svc%s.internal,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$i" > "svc$i.ext"
  openssl x509 -req -in "svc$i.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 365 -extfile "svc$i.ext" -out "svc$i.crt" 2>/dev/null
done
