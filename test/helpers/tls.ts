/**
 * Test certificates made with `openssl` at test time: a CA and a server certificate for 127.0.0.1 and
 * localhost signed by it (EC P-256, valid two days). Nothing is downloaded or checked in.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** TestCertificates are the PEM files of a CA and a server certificate signed by it. */
export interface TestCertificates {
  caFile: string;
  caKeyFile: string;
  certFile: string;
  keyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** makeCertificates writes ca.crt, server.crt and their keys into `dir` (hosts become subjectAltNames). */
export function makeCertificates(
  dir: string,
  hosts: string[] = ['127.0.0.1', 'localhost'],
): TestCertificates {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=deckhand test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hosts[0]}`], dir);
  const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  writeFileSync(
    join(dir, 'server.ext'),
    `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  return {
    caFile: join(dir, 'ca.crt'),
    caKeyFile: join(dir, 'ca.key'),
    certFile: join(dir, 'server.crt'),
    keyFile: join(dir, 'server.key'),
  };
}

/** makeClientCertificate writes client.cert/client.key signed by the CA (for mutual TLS). */
export function makeClientCertificate(
  dir: string,
  certs: TestCertificates,
): { certFile: string; keyFile: string } {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    ['req', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=deckhand test client'],
    dir,
  );
  writeFileSync(
    join(dir, 'client.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      certs.caFile,
      '-CAkey',
      certs.caKeyFile,
      '-CAcreateserial',
      '-out',
      'client.cert',
      '-days',
      '2',
      '-extfile',
      'client.ext',
    ],
    dir,
  );
  return { certFile: join(dir, 'client.cert'), keyFile: join(dir, 'client.key') };
}
