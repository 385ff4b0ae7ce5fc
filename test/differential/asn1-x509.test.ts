/**
 * Differential tests against @peculiar/asn1-x509 (the design card's X.509 library, kept as a
 * test oracle). Tessera parses certificates with its own strict DER reader so that signatures are
 * checked over the exact bytes received (re-serialising a parsed structure changes non-DER input,
 * such as the explicit `cA FALSE` of Chrome's virtual authenticator); this suite checks that both
 * parsers read the same fields from every certificate in the public fixtures.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/certificates/parse.js';
import { decodeBase64, decodeBase64url } from '../../src/encoding/base64url.js';
import { decodeCBOR } from '../../src/encoding/cbor.js';
import { hasSharedFixtures, listShared, readShared, readSharedJSON } from '../helpers/shared-fixtures.js';

function certificatesOf(file: string): Array<{ name: string; der: Uint8Array }> {
  const fixture = readSharedJSON<{ response: { response: { attestationObject: string } } }>(`registration/${file}`);
  const att = decodeCBOR(decodeBase64url(fixture.response.response.attestationObject)) as Map<string, unknown>;
  const stmt = att.get('attStmt');
  const out: Array<{ name: string; der: Uint8Array }> = [];
  const add = (list: unknown, where: string) => {
    if (Array.isArray(list))
      for (const [i, der] of list.entries()) out.push({ name: `${file} ${where}[${i}]`, der: der as Uint8Array });
  };
  if (stmt instanceof Map) {
    add(stmt.get('x5c'), 'x5c');
    const jws = stmt.get('response');
    if (jws instanceof Uint8Array) {
      const header = JSON.parse(
        new TextDecoder().decode(decodeBase64url(new TextDecoder().decode(jws).split('.')[0]!)),
      );
      add(
        (header.x5c as string[]).map((c) => decodeBase64(c)),
        'jws.x5c',
      );
    }
  } else if (Array.isArray(stmt)) {
    for (const s of stmt)
      if (s instanceof Map) add((s.get('attStmt') as Map<string, unknown>)?.get('x5c'), 'compound.x5c');
  }
  return out;
}

function roots(): Array<{ name: string; der: Uint8Array }> {
  return listShared('roots')
    .filter((f) => f.endsWith('.pem'))
    .map((f) => {
      const pem = readShared(`roots/${f}`).toString('utf8');
      const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
      return { name: `roots/${f}`, der: decodeBase64(body) };
    });
}

const hex = (b: ArrayBuffer | Uint8Array): string =>
  Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

describe.skipIf(!hasSharedFixtures('X.509 differential'))('X.509: Tessera vs @peculiar/asn1-x509', () => {
  const certs = [
    ...roots(),
    ...listShared('registration').flatMap((f) => (f.endsWith('.json') ? certificatesOf(f) : [])),
  ];

  it('covers the fixture certificates', () => {
    expect(certs.length).toBeGreaterThan(60);
  });

  it.each(certs.map((c) => [c.name, c.der] as const))('%s', (_name, der) => {
    const ours = parseCertificate(der);
    const theirs = AsnConvert.parse(der, AsnCertificate);
    const tbs = theirs.tbsCertificate;
    expect(ours.version).toBe(tbs.version + 1);
    expect(ours.serialNumber.replace(/^0+/, '')).toBe(hex(tbs.serialNumber).replace(/^0+/, ''));
    expect(ours.notBefore.getTime()).toBe(tbs.validity.notBefore.getTime().getTime());
    expect(ours.notAfter.getTime()).toBe(tbs.validity.notAfter.getTime().getTime());
    expect(ours.signatureAlgorithm).toBe(theirs.signatureAlgorithm.algorithm);
    expect(hex(ours.signature)).toBe(hex(theirs.signatureValue));
    expect(hex(ours.spki)).toBe(hex(AsnConvert.serialize(tbs.subjectPublicKeyInfo)));
    expect(ours.extensions.map((e) => [e.oid, e.critical, hex(e.value)])).toEqual(
      (tbs.extensions ?? []).map((e) => [e.extnID, e.critical, hex(e.extnValue.buffer)]),
    );
    const names = (n: typeof tbs.subject) => n.flatMap((rdn) => rdn.map((a) => [a.type, a.value.toString()]));
    expect(ours.subject.map((a) => [a.oid, a.value])).toEqual(names(tbs.subject));
    expect(ours.issuer.map((a) => [a.oid, a.value])).toEqual(names(tbs.issuer));
  });
});
