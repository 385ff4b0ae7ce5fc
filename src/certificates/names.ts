/**
 * Distinguished names (RFC 5280 §4.1.2.4): decoding, attribute lookup.
 *
 * @module
 */

import { toHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { type DERElement, decodeOID, expectUniversal, readChildren, TAG } from './der.js';
import { attributeOID, attributeShortName } from './oids.js';
import type { NameAttribute } from './types.js';

function invalid(message: string, cause?: unknown): never {
  throw new WebAuthnError('ERR_CERTIFICATE_INVALID', message, cause === undefined ? {} : { cause });
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
const utf8Strict = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeAscii(bytes: Uint8Array, what: string): string {
  for (const b of bytes) if (b > 0x7f) invalid(`${what} contains non-ASCII bytes`);
  return latin1(bytes);
}

/** Decodes a DirectoryString-like value; unknown types become `#hex` of the whole TLV (RFC 4514 §2.4). */
export function decodeDirectoryString(el: DERElement): { value: string; stringType: string } {
  if (el.tagClass === 'universal' && !el.constructed) {
    switch (el.tagNumber) {
      case TAG.UTF8_STRING:
        try {
          return { value: utf8Strict.decode(el.value), stringType: 'utf8String' };
        } catch (err) {
          return invalid('UTF8String is not valid UTF-8', err);
        }
      case TAG.PRINTABLE_STRING:
        return { value: decodeAscii(el.value, 'PrintableString'), stringType: 'printableString' };
      case TAG.IA5_STRING:
        return { value: decodeAscii(el.value, 'IA5String'), stringType: 'ia5String' };
      case 18:
        return { value: decodeAscii(el.value, 'NumericString'), stringType: 'numericString' };
      case 26:
        return { value: decodeAscii(el.value, 'VisibleString'), stringType: 'visibleString' };
      case TAG.TELETEX_STRING:
        return { value: latin1(el.value), stringType: 'teletexString' };
      case TAG.BMP_STRING: {
        if (el.value.length % 2 !== 0) invalid('BMPString has an odd length');
        let s = '';
        for (let i = 0; i < el.value.length; i += 2) {
          s += String.fromCharCode(((el.value[i] as number) << 8) | (el.value[i + 1] as number));
        }
        return { value: s, stringType: 'bmpString' };
      }
      case TAG.UNIVERSAL_STRING: {
        if (el.value.length % 4 !== 0) invalid('UniversalString length is not a multiple of 4');
        let s = '';
        for (let i = 0; i < el.value.length; i += 4) {
          const cp =
            (el.value[i] as number) * 0x1000000 +
            (((el.value[i + 1] as number) << 16) | ((el.value[i + 2] as number) << 8) | (el.value[i + 3] as number));
          if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) invalid('UniversalString has an invalid code point');
          s += String.fromCodePoint(cp);
        }
        return { value: s, stringType: 'universalString' };
      }
    }
  }
  return { value: `#${toHex(el.bytes)}`, stringType: 'unknown' };
}

/** Decodes a Name (RFC 5280 §4.1.2.4) into attributes in RDN order (multi-valued RDNs flattened). */
export function decodeName(name: DERElement): NameAttribute[] {
  expectUniversal(name, TAG.SEQUENCE, 'Name');
  const out: NameAttribute[] = [];
  for (const rdn of readChildren(name)) {
    expectUniversal(rdn, TAG.SET, 'RelativeDistinguishedName');
    const atvs = readChildren(rdn);
    if (atvs.length === 0) invalid('empty RelativeDistinguishedName');
    for (const atv of atvs) {
      const parts = readChildren(expectUniversal(atv, TAG.SEQUENCE, 'AttributeTypeAndValue'));
      if (parts.length !== 2) invalid('AttributeTypeAndValue must have two members');
      const oid = decodeOID(expectUniversal(parts[0], TAG.OID, 'attribute type').value);
      const { value, stringType } = decodeDirectoryString(parts[1] as DERElement);
      out.push({ oid, type: attributeShortName(oid), value, stringType });
    }
  }
  return out;
}

/** Values of one attribute in a name, by short name (`CN`, `OU`, …) or OID; `[]` when absent. */
export function getNameAttributes(names: readonly NameAttribute[], oidOrShortName: string): string[] {
  const oid = attributeOID(oidOrShortName);
  return names.filter((n) => n.oid === oid).map((n) => n.value);
}

/** The first value of one attribute in a name, by short name (`CN`, `OU`, …) or OID. */
export function getNameAttribute(names: readonly NameAttribute[], oidOrShortName: string): string | undefined {
  return getNameAttributes(names, oidOrShortName)[0];
}
