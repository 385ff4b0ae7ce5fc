/**
 * A bounded big-endian reader for TPM 2.0 marshalled structures (TPM 2.0 Part 2 §5, all integers
 * big-endian). Every read is checked against the bytes left, so a TPM2B size field can never make
 * the parser read past the end of the buffer (security.md §4 #102).
 *
 * @module
 */
import { attestationError } from '../statement.js';

/** Sequential reader over one TPM structure; failures are `ERR_ATTESTATION_INVALID` with `check`. */
export interface TPMReader {
  /** Bytes not read yet. */
  remaining(): number;
  u8(what: string): number;
  u16(what: string): number;
  u32(what: string): number;
  /** UINT64 as a bigint. */
  u64(what: string): bigint;
  /** `length` raw bytes (a copy). */
  bytes(length: number, what: string): Uint8Array;
  /** A TPM2B: UINT16 size then `size` bytes; `maxSize` bounds the size field (TPM 2.0 Part 2 §10.4). */
  tpm2b(what: string, maxSize: number): Uint8Array;
  /** Requires that every byte was consumed (no trailing data). */
  end(what: string): void;
}

/** Creates a reader; `check` names the rule reported on malformed input (e.g. `tpm.certInfo`). */
export function createTPMReader(data: Uint8Array, check: string): TPMReader {
  let pos = 0;
  const need = (n: number, what: string): void => {
    if (n > data.length - pos) throw attestationError('tpm', check, `${what} is truncated`);
  };
  return {
    remaining: (): number => data.length - pos,
    u8(what: string): number {
      need(1, what);
      return data[pos++] as number;
    },
    u16(what: string): number {
      need(2, what);
      const v = ((data[pos] as number) << 8) | (data[pos + 1] as number);
      pos += 2;
      return v;
    },
    u32(what: string): number {
      need(4, what);
      const v =
        (data[pos] as number) * 0x1000000 +
        (((data[pos + 1] as number) << 16) | ((data[pos + 2] as number) << 8) | (data[pos + 3] as number));
      pos += 4;
      return v;
    },
    u64(what: string): bigint {
      need(8, what);
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(data[pos + i] as number);
      pos += 8;
      return v;
    },
    bytes(length: number, what: string): Uint8Array {
      need(length, what);
      const out = data.slice(pos, pos + length);
      pos += length;
      return out;
    },
    tpm2b(what: string, maxSize: number): Uint8Array {
      const size = this.u16(`${what} size`);
      if (size > maxSize) throw attestationError('tpm', check, `${what} size ${size} exceeds ${maxSize}`);
      return this.bytes(size, what);
    },
    end(what: string): void {
      if (pos !== data.length) throw attestationError('tpm', check, `${what} has ${data.length - pos} trailing bytes`);
    },
  };
}
