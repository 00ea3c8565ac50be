/**
 * `mock --https`: a self-signed certificate for the loopback names, made at start (selfsigned, over
 * @peculiar/x509), so that clients that insist on https (the classic Graph client sends its token over https only;
 * msal-node wants an https authority) work unchanged once they trust it through `NODE_EXTRA_CA_CERTS`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface GeneratedCertificate {
  readonly key: string;
  readonly cert: string;
  /** The certificate, written where `NODE_EXTRA_CA_CERTS` can name it. */
  readonly certFile: string;
}

/** A certificate for `127.0.0.1`, `::1` and `localhost` (and `host`), valid for 30 days from now. */
export async function selfSignedCertificate(host = '127.0.0.1'): Promise<GeneratedCertificate> {
  const now = Date.now();
  const names = [...new Set(['127.0.0.1', '::1', 'localhost', host])];
  const generated = await generate([{ name: 'commonName', value: 'graph-conformance mock tenant' }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 30 * 24 * 3600 * 1000),
    extensions: [
      // Its own issuer: trusting it as a CA is what NODE_EXTRA_CA_CERTS does.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((name) => (/^[\d.]+$|:/.test(name) ? { type: 7, ip: name } : { type: 2, value: name })),
      },
    ],
  });
  const certFile = join(mkdtempSync(join(tmpdir(), 'graph-conformance-mock-')), 'mock-tenant-ca.pem');
  writeFileSync(certFile, generated.cert, { mode: 0o644 });
  return { key: generated.private, cert: generated.cert, certFile };
}

/** What the command prints so that a client trusts the certificate. */
export function trustHint(certFile: string): string {
  return `https: self-signed certificate at ${certFile}; trust it with NODE_EXTRA_CA_CERTS=${certFile} (Node) or your client's CA option`;
}
