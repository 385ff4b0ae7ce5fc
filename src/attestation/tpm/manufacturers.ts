/**
 * TPM manufacturer identifiers from the TCG "TPM Vendor ID Registry" (Family 1.2 and 2.0,
 * Version 1.07). An AIK certificate's SAN carries the vendor as `tcg-at-tpmManufacturer`
 * = "id:" followed by the 4-byte vendor ID in upper-case hex (TCG EK Credential Profile §3.2.9).
 *
 * The FIDO conformance tools' test vendor (`id:FFFFF1D0`) and the W3C test vectors'
 * `id:00000000` are deliberately absent: they are accepted only with the policy
 * `tpmAllowUnknownManufacturer` (security.md §3A row 11).
 *
 * @module
 */

/** Vendor ID (8 upper-case hex digits) → vendor name, per the TCG registry. */
export const TPM_MANUFACTURERS: ReadonlyMap<string, string> = /* @__PURE__ */ new Map([
  ['414D4400', 'AMD'],
  ['414E5400', 'Ant Group'],
  ['41544D4C', 'Atmel'],
  ['4252434D', 'Broadcom'],
  ['4353434F', 'Cisco'],
  ['464C5953', 'Flyslice Technologies'],
  ['524F4343', 'Fuzhou Rockchip'],
  ['474F4F47', 'Google'],
  ['48504900', 'HPI'],
  ['48504500', 'HPE'],
  ['48495349', 'Huawei'],
  ['49424D00', 'IBM'],
  ['49465800', 'Infineon'],
  ['494E5443', 'Intel'],
  ['4C454E00', 'Lenovo'],
  ['4D534654', 'Microsoft'],
  ['4E534D20', 'National Semiconductor'],
  ['4E545A00', 'Nationz'],
  ['4E534700', 'NSING'],
  ['4E544300', 'Nuvoton Technology'],
  ['51434F4D', 'Qualcomm'],
  ['534D534E', 'Samsung'],
  ['53454345', 'SecEdge'],
  ['534E5300', 'Sinosun'],
  ['534D5343', 'SMSC'],
  ['53544D20', 'STMicroelectronics'],
  ['54584E00', 'Texas Instruments'],
  ['57454300', 'Winbond'],
  ['5345414C', 'Wisekey'],
]);

/** A `tcg-at-tpmManufacturer` value, decoded. */
export interface TPMManufacturer {
  /** The 8 hex digits, upper case. */
  id: string;
  /** The vendor's name from the TCG registry, or `undefined` when the id is not registered. */
  name: string | undefined;
}

/**
 * Parses `id:XXXXXXXX` (hex, either case). Returns `undefined` when the value is not of that
 * form; an unregistered but well-formed id yields `name: undefined`.
 *
 * @example
 * ```ts
 * parseTPMManufacturer('id:4E544300'); // { id: '4E544300', name: 'Nuvoton Technology' }
 * ```
 */
export function parseTPMManufacturer(value: string): TPMManufacturer | undefined {
  const m = /^id:([0-9A-Fa-f]{8})$/.exec(value);
  if (m === null) return undefined;
  const id = (m[1] as string).toUpperCase();
  return { id, name: TPM_MANUFACTURERS.get(id) };
}
