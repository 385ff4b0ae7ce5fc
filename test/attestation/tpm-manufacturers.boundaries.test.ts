/**
 * The TCG TPM Vendor ID Registry (Family 1.2 and 2.0, Version 1.07) as `parseTPMManufacturer`
 * and `TPM_MANUFACTURERS` expose it.
 *
 * A vendor ID is the ASCII of the vendor's capability string, NUL-padded to 4 bytes (registry
 * §2), so the expected table below is derived from those strings rather than copied from src.
 *
 * The module is imported inside each test (after `vi.resetModules()`): the registry is a
 * module-level table, and evaluating it inside the test is what lets these tests observe it.
 */
import { describe, expect, it, vi } from 'vitest';

type ManufacturersModule = typeof import('../../src/attestation/tpm/manufacturers.js');

async function freshManufacturers(): Promise<ManufacturersModule> {
  vi.resetModules();
  return import('../../src/attestation/tpm/manufacturers.js');
}

/** [capability string, vendor name] rows of the TCG registry v1.07. */
const REGISTRY: ReadonlyArray<readonly [string, string]> = [
  ['AMD', 'AMD'],
  ['ANT', 'Ant Group'],
  ['ATML', 'Atmel'],
  ['BRCM', 'Broadcom'],
  ['CSCO', 'Cisco'],
  ['FLYS', 'Flyslice Technologies'],
  ['ROCC', 'Fuzhou Rockchip'],
  ['GOOG', 'Google'],
  ['HPI', 'HPI'],
  ['HPE', 'HPE'],
  ['HISI', 'Huawei'],
  ['IBM', 'IBM'],
  ['IFX', 'Infineon'],
  ['INTC', 'Intel'],
  ['LEN', 'Lenovo'],
  ['MSFT', 'Microsoft'],
  ['NSM ', 'National Semiconductor'],
  ['NTZ', 'Nationz'],
  ['NSG', 'NSING'],
  ['NTC', 'Nuvoton Technology'],
  ['QCOM', 'Qualcomm'],
  ['SMSN', 'Samsung'],
  ['SECE', 'SecEdge'],
  ['SNS', 'Sinosun'],
  ['SMSC', 'SMSC'],
  ['STM ', 'STMicroelectronics'],
  ['TXN', 'Texas Instruments'],
  ['WEC', 'Winbond'],
  ['SEAL', 'Wisekey'],
];

/** The registry's vendor ID: the capability string's ASCII, NUL-padded to 4 bytes, as upper-case hex. */
function vendorId(capability: string): string {
  const bytes = [...capability.padEnd(4, '\0')].map((c) => c.charCodeAt(0));
  return bytes
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

describe('TPM_MANUFACTURERS: the TCG vendor registry', () => {
  it('holds exactly the 29 registered vendors, each under its ASCII-derived id', async () => {
    const { TPM_MANUFACTURERS } = await freshManufacturers();
    const expected = new Map(REGISTRY.map(([capability, name]) => [vendorId(capability), name]));
    expect(vendorId('AMD')).toBe('414D4400');
    expect(TPM_MANUFACTURERS.size).toBe(29);
    expect(new Map(TPM_MANUFACTURERS)).toEqual(expected);
    // Every key is 8 upper-case hex digits and every name is non-empty.
    for (const [id, name] of TPM_MANUFACTURERS) {
      expect(id).toMatch(/^[0-9A-F]{8}$/);
      expect(name.length).toBeGreaterThan(0);
    }
  });

  for (const [capability, name] of REGISTRY) {
    const id = vendorId(capability);
    it(`id:${id} (${JSON.stringify(capability)}) is ${name}, in either hex case`, async () => {
      const { parseTPMManufacturer } = await freshManufacturers();
      expect(parseTPMManufacturer(`id:${id}`)).toEqual({ id, name });
      expect(parseTPMManufacturer(`id:${id.toLowerCase()}`)).toEqual({ id, name });
    });
  }

  it('the test vendors of the FIDO tools and W3C vectors are not registered', async () => {
    const { parseTPMManufacturer, TPM_MANUFACTURERS } = await freshManufacturers();
    expect(TPM_MANUFACTURERS.has('FFFFF1D0')).toBe(false);
    expect(TPM_MANUFACTURERS.has('00000000')).toBe(false);
    expect(parseTPMManufacturer('id:00000000')).toEqual({ id: '00000000', name: undefined });
    expect(parseTPMManufacturer('id:fffff1d0')).toEqual({ id: 'FFFFF1D0', name: undefined });
  });
});

describe('parseTPMManufacturer: the value is exactly "id:" and 8 hex digits', () => {
  it('rejects text before "id:"', async () => {
    const { parseTPMManufacturer } = await freshManufacturers();
    expect(parseTPMManufacturer('id:414D4400')).toBeDefined();
    expect(parseTPMManufacturer('xid:414D4400')).toBeUndefined();
    expect(parseTPMManufacturer(' id:414D4400')).toBeUndefined();
    expect(parseTPMManufacturer('tpm-id:414D4400')).toBeUndefined();
  });

  it('rejects text after the 8 digits (a 9th digit, a suffix, a newline)', async () => {
    const { parseTPMManufacturer } = await freshManufacturers();
    expect(parseTPMManufacturer('id:414D44001')).toBeUndefined();
    expect(parseTPMManufacturer('id:414D4400 ')).toBeUndefined();
    expect(parseTPMManufacturer('id:414D4400\n')).toBeUndefined();
    expect(parseTPMManufacturer('id:414D4400:AMD')).toBeUndefined();
  });

  it('7 digits, a non-hex digit, a missing or upper-case prefix are not ids', async () => {
    const { parseTPMManufacturer } = await freshManufacturers();
    expect(parseTPMManufacturer('id:414D440')).toBeUndefined();
    expect(parseTPMManufacturer('id:414D440G')).toBeUndefined();
    expect(parseTPMManufacturer('414D4400')).toBeUndefined();
    expect(parseTPMManufacturer('ID:414D4400')).toBeUndefined();
    expect(parseTPMManufacturer('')).toBeUndefined();
  });
});
