#!/bin/bash
# Makes the signature scenario's inputs (see samples/README.md, "signature"):
#   signature/seed_lp1.ko     seed/seed_lp1.ko signed with a throwaway key that no kernel trusts
#   signature/6.12/seed_lp1.ko kernels/6.12/seed/seed_lp1.ko signed with the same key
#   signature/throwaway.x509  that key's certificate (DER; public, for the tests)
# The key is made by openssl as the kernel's certs/Makefile makes its build-time key (RSA 4096, self-signed,
# SKID), and the module is signed by the kernel's own scripts/sign-file (sha256, PKCS#7, no certificates in the
# message: what kbuild's modules_sign does). The private key lives in a temporary folder and is deleted.
# A new run makes a new key, so both files change; nothing else depends on their bytes.
# Usage: samples/signature/make-signed.sh   (as root on Debian bookworm; installs linux-headers-6.1.0-57-amd64)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
headers=/usr/src/linux-headers-6.1.0-57-amd64
[ -x "$headers/scripts/sign-file" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends linux-headers-6.1.0-57-amd64
command -v openssl >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openssl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/x509.genkey" <<'CONF'
[ req ]
default_bits = 4096
distinguished_name = req_distinguished_name
prompt = no
string_mask = utf8only
x509_extensions = myexts

[ req_distinguished_name ]
O = klpscope
CN = klpscope throwaway signing key

[ myexts ]
basicConstraints=critical,CA:FALSE
keyUsage=digitalSignature
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
CONF
openssl req -new -nodes -utf8 -sha256 -days 36500 -batch -x509 -config "$tmp/x509.genkey" \
	-outform PEM -out "$tmp/key.pem" -keyout "$tmp/key.pem" 2>/dev/null
openssl x509 -in "$tmp/key.pem" -outform DER -out "$here/throwaway.x509"
for k in "" 6.12; do
	mkdir -p "$tmp/$k" "$here/$k"
	cp "$here/..${k:+/kernels/$k}/seed/seed_lp1.ko" "$tmp/$k/seed_lp1.ko"
	"$headers/scripts/sign-file" sha256 "$tmp/key.pem" "$here/throwaway.x509" "$tmp/$k/seed_lp1.ko"
	cp "$tmp/$k/seed_lp1.ko" "$here/$k/seed_lp1.ko"
done
openssl x509 -inform DER -in "$here/throwaway.x509" -noout -subject -serial -ext subjectKeyIdentifier
