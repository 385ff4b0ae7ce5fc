// src/encoding/base64url.ts
var URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
function buildTable(alphabet) {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}
var URL_TABLE = /* @__PURE__ */ buildTable(URL_ALPHABET);
function encode(bytes, alphabet, pad) {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = bytes[i] << 16 | bytes[i + 1] << 8 | bytes[i + 2];
    out += alphabet[n >> 18 & 63] + alphabet[n >> 12 & 63] + alphabet[n >> 6 & 63] + alphabet[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += alphabet[n >> 18 & 63] + alphabet[n >> 12 & 63];
    if (pad) out += "==";
  } else if (rest === 2) {
    const n = bytes[i] << 16 | bytes[i + 1] << 8;
    out += alphabet[n >> 18 & 63] + alphabet[n >> 12 & 63] + alphabet[n >> 6 & 63];
    if (pad) out += "=";
  }
  return out;
}
function decode(text, table) {
  const len = text.length;
  if (len % 4 === 1) return void 0;
  const out = new Uint8Array(Math.floor(len * 3 / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? table[c] : -1;
    if (v < 0) return void 0;
    acc = acc << 6 | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = acc >> bits & 255;
    }
  }
  if (bits > 0 && (acc & (1 << bits) - 1) !== 0) return void 0;
  return out;
}
function encodeBase64url(bytes) {
  return encode(bytes, URL_ALPHABET, false);
}
function decodeBase64urlOrUndefined(text) {
  return decode(text, URL_TABLE);
}

// src/encoding/cbor.ts
import { Encoder } from "cbor-x/encode";

// src/errors.ts
var WebAuthnError = class extends Error {
  name = "WebAuthnError";
  code;
  details;
  constructor(code, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
};

// src/encoding/bytes.ts
var strictDecoder = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
var lenientDecoder = /* @__PURE__ */ new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
function utf8DecodeStrict(bytes) {
  return strictDecoder.decode(bytes);
}
function utf8DecodeLenient(bytes) {
  return lenientDecoder.decode(bytes);
}
function concat(...parts) {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
function toBytes(view) {
  if (view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) {
    return view;
  }
  return new Uint8Array(view);
}

// src/encoding/cbor.ts
var DEFAULT_LIMITS = { maxDepth: 16, maxItems: 1024, maxTotalItems: 16384, allowFloats: true };
var Reader = class {
  constructor(bytes, start, limits) {
    this.bytes = bytes;
    this.limits = limits;
    this.pos = start;
  }
  bytes;
  limits;
  pos;
  items = 0;
  fail(message) {
    throw new WebAuthnError("ERR_CBOR_MALFORMED", `CBOR: ${message} at offset ${this.pos}`);
  }
  need(n) {
    if (n > this.bytes.length - this.pos) this.fail("truncated item");
  }
  /** Reads the argument of an initial byte; returns a number, or a bigint above 2^53 - 1. */
  argument(info) {
    if (info < 24) return info;
    const b = this.bytes;
    switch (info) {
      case 24:
        this.need(1);
        return b[this.pos++];
      case 25: {
        this.need(2);
        const v = b[this.pos] << 8 | b[this.pos + 1];
        this.pos += 2;
        return v;
      }
      case 26: {
        this.need(4);
        const v = b[this.pos] * 16777216 + (b[this.pos + 1] << 16 | b[this.pos + 2] << 8 | b[this.pos + 3]) >>> 0;
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const view = new DataView(b.buffer, b.byteOffset + this.pos, 8);
        const big = view.getBigUint64(0);
        this.pos += 8;
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      case 31:
        return this.fail("indefinite length is not allowed");
      default:
        return this.fail(`reserved additional information ${info}`);
    }
  }
  /** A length or count that must fit the remaining input. */
  length(info, minBytesPerItem) {
    const n = this.argument(info);
    if (typeof n === "bigint" || n * minBytesPerItem > this.bytes.length - this.pos)
      this.fail("declared length exceeds input");
    return n;
  }
  countItem() {
    if (++this.items > this.limits.maxTotalItems) this.fail("too many items");
  }
  value(depth) {
    this.need(1);
    this.countItem();
    const initial = this.bytes[this.pos++];
    const major = initial >> 5;
    const info = initial & 31;
    switch (major) {
      case 0:
        return this.argument(info);
      case 1: {
        const n = this.argument(info);
        return typeof n === "bigint" ? -1n - n : n === Number.MAX_SAFE_INTEGER ? -1n - BigInt(n) : -1 - n;
      }
      case 2: {
        const len = this.length(info, 1);
        const out = this.bytes.slice(this.pos, this.pos + len);
        this.pos += len;
        return out;
      }
      case 3: {
        const len = this.length(info, 1);
        const raw = this.bytes.subarray(this.pos, this.pos + len);
        this.pos += len;
        try {
          return utf8DecodeStrict(raw);
        } catch {
          return this.fail("invalid UTF-8 in text string");
        }
      }
      case 4: {
        if (depth >= this.limits.maxDepth) this.fail("nesting too deep");
        const count = this.length(info, 1);
        if (count > this.limits.maxItems) this.fail("array too long");
        const out = new Array(count);
        for (let i = 0; i < count; i++) out[i] = this.value(depth + 1);
        return out;
      }
      case 5: {
        if (depth >= this.limits.maxDepth) this.fail("nesting too deep");
        const count = this.length(info, 2);
        if (count > this.limits.maxItems) this.fail("map too long");
        const out = /* @__PURE__ */ new Map();
        for (let i = 0; i < count; i++) {
          const keyStart = this.pos;
          const key = this.value(depth + 1);
          if (typeof key !== "number" && typeof key !== "string") {
            this.pos = keyStart;
            this.fail("map keys must be integers or text strings");
          }
          if (out.has(key)) {
            this.pos = keyStart;
            this.fail(`duplicate map key ${JSON.stringify(key)}`);
          }
          out.set(key, this.value(depth + 1));
        }
        return out;
      }
      case 6:
        return this.fail("tags are not allowed");
      default:
        return this.simple(info);
    }
  }
  simple(info) {
    const b = this.bytes;
    if (info >= 25 && info <= 27 && !this.limits.allowFloats) this.fail("floating-point values are not allowed here");
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return void 0;
      case 25: {
        this.need(2);
        const half = b[this.pos] << 8 | b[this.pos + 1];
        this.pos += 2;
        return decodeHalf(half);
      }
      case 26: {
        this.need(4);
        const v = new DataView(b.buffer, b.byteOffset + this.pos, 4).getFloat32(0);
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const v = new DataView(b.buffer, b.byteOffset + this.pos, 8).getFloat64(0);
        this.pos += 8;
        return v;
      }
      case 31:
        return this.fail("unexpected break");
      default:
        return this.fail(`unsupported simple value ${info}`);
    }
  }
};
function decodeHalf(half) {
  const exp = half >> 10 & 31;
  const mant = half & 1023;
  const sign = half & 32768 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
function decodeCBORPrefix(bytes, offset = 0, limits = {}) {
  const reader = new Reader(bytes, offset, { ...DEFAULT_LIMITS, ...limits });
  const value = reader.value(0);
  return { value, end: reader.pos };
}
function decodeCBOR(bytes, limits = {}) {
  const { value, end } = decodeCBORPrefix(bytes, 0, limits);
  if (end !== bytes.length) {
    throw new WebAuthnError("ERR_CBOR_MALFORMED", `CBOR: ${bytes.length - end} trailing byte(s) after the item`);
  }
  return value;
}
function isCBORMap(value) {
  return value instanceof Map;
}

// src/crypto/cose.ts
import { ed448 as ed4482 } from "@noble/curves/ed448.js";
import { ed25519 as ed255192 } from "@noble/curves/ed25519.js";

// src/crypto/curves.ts
import { ed448 } from "@noble/curves/ed448.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
function params(curve) {
  const c = curve.Point.CURVE();
  return { size: curve.Point.Fp.BYTES, p: c.p, a: c.a, b: c.b, n: c.n };
}
var EC_CURVES = /* @__PURE__ */ Object.freeze({
  "P-256": params(p256),
  "P-384": params(p384),
  "P-521": params(p521),
  secp256k1: params(secp256k1)
});
var OKP_CURVES = /* @__PURE__ */ Object.freeze({
  Ed25519: { keySize: 32, sigSize: 64, L: ed25519.Point.CURVE().n },
  Ed448: { keySize: 57, sigSize: 114, L: ed448.Point.CURVE().n }
});
function bytesToBigInt(bytes) {
  let n = 0n;
  for (let i = 0; i < bytes.length; i++) n = n << 8n | BigInt(bytes[i]);
  return n;
}
function bytesToBigIntLE(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = n << 8n | BigInt(bytes[i]);
  return n;
}
function bigIntToBytes(n, size) {
  if (n < 0n) return void 0;
  const out = new Uint8Array(size);
  let v = n;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return v === 0n ? out : void 0;
}
function stripLeadingZeros(bytes) {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return bytes.subarray(i);
}
function leftPad(bytes, size) {
  if (bytes.length === size) return bytes;
  const out = new Uint8Array(size);
  out.set(bytes, size - bytes.length);
  return out;
}

// src/crypto/cose.ts
var COSE_ALGORITHMS = /* @__PURE__ */ Object.freeze({
  ES256: -7,
  EdDSA: -8,
  Ed25519: -19,
  ES384: -35,
  ES512: -36,
  PS256: -37,
  PS384: -38,
  PS512: -39,
  ES256K: -47,
  Ed448: -53,
  RS256: -257,
  RS384: -258,
  RS512: -259,
  RS1: -65535
});
var COSE_CURVES = /* @__PURE__ */ Object.freeze({
  P256: 1,
  P384: 2,
  P521: 3,
  X25519: 4,
  X448: 5,
  Ed25519: 6,
  Ed448: 7,
  secp256k1: 8
});
var A = COSE_ALGORITHMS;
var C = COSE_CURVES;
var ALGORITHMS = /* @__PURE__ */ new Map([
  // RFC 9053 §2.1: ECDSA with the curve fixed by WebAuthn L3 §5.8.5 / RFC 8812 §3.2.
  [A.ES256, { name: "ES256", kty: "EC", crvs: [C.P256], scheme: { name: "ECDSA", hash: "SHA-256", encoding: "der" } }],
  [A.ES384, { name: "ES384", kty: "EC", crvs: [C.P384], scheme: { name: "ECDSA", hash: "SHA-384", encoding: "der" } }],
  [A.ES512, { name: "ES512", kty: "EC", crvs: [C.P521], scheme: { name: "ECDSA", hash: "SHA-512", encoding: "der" } }],
  [
    A.ES256K,
    { name: "ES256K", kty: "EC", crvs: [C.secp256k1], scheme: { name: "ECDSA", hash: "SHA-256", encoding: "der" } }
  ],
  // RFC 9053 §2.2 (EdDSA with crv), RFC 9864 (fully specified Ed25519 / Ed448).
  [A.EdDSA, { name: "EdDSA", kty: "OKP", crvs: [C.Ed25519, C.Ed448], scheme: { name: "EdDSA" } }],
  [A.Ed25519, { name: "Ed25519", kty: "OKP", crvs: [C.Ed25519], scheme: { name: "EdDSA" } }],
  [A.Ed448, { name: "Ed448", kty: "OKP", crvs: [C.Ed448], scheme: { name: "EdDSA" } }],
  // RFC 8230 §2: RSASSA-PSS, salt length = hash length, MGF1 with the same hash.
  [A.PS256, { name: "PS256", kty: "RSA", scheme: { name: "RSA-PSS", hash: "SHA-256", saltLength: 32 } }],
  [A.PS384, { name: "PS384", kty: "RSA", scheme: { name: "RSA-PSS", hash: "SHA-384", saltLength: 48 } }],
  [A.PS512, { name: "PS512", kty: "RSA", scheme: { name: "RSA-PSS", hash: "SHA-512", saltLength: 64 } }],
  // RFC 8812 §2: RSASSA-PKCS1-v1_5.
  [A.RS256, { name: "RS256", kty: "RSA", scheme: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } }],
  [A.RS384, { name: "RS384", kty: "RSA", scheme: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" } }],
  [A.RS512, { name: "RS512", kty: "RSA", scheme: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" } }],
  [A.RS1, { name: "RS1", kty: "RSA", scheme: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-1" } }]
]);
var KTY_IDS = { OKP: 1, EC: 2, RSA: 3 };
var EC_CURVE_NAMES = /* @__PURE__ */ new Map([
  [C.P256, "P-256"],
  [C.P384, "P-384"],
  [C.P521, "P-521"],
  [C.secp256k1, "secp256k1"]
]);
var OKP_CURVE_NAMES = /* @__PURE__ */ new Map([
  [C.Ed25519, "Ed25519"],
  [C.Ed448, "Ed448"]
]);
var RSA_MODULUS_BITS = /* @__PURE__ */ Object.freeze({ min: 2048, max: 16384 });
var ALLOWED_LABELS = {
  EC: /* @__PURE__ */ new Set([1, 3, -1, -2, -3]),
  OKP: /* @__PURE__ */ new Set([1, 3, -1, -2]),
  RSA: /* @__PURE__ */ new Set([1, 3, -1, -2])
};
function invalid(message, details) {
  throw new WebAuthnError("ERR_PUBLIC_KEY_INVALID", `COSE key: ${message}`, details === void 0 ? {} : { details });
}
function unsupported(alg, message) {
  throw new WebAuthnError("ERR_UNSUPPORTED_ALGORITHM", `COSE key: ${message}`, { details: { alg } });
}
function isInt(v) {
  return typeof v === "number" && Number.isSafeInteger(v);
}
function bytesParam(map, label, what) {
  const v = map.get(label);
  if (!(v instanceof Uint8Array)) invalid(`${what} (label ${label}) must be a byte string`);
  return v;
}
function assertOnCurve(crv, x, y) {
  const c = EC_CURVES[crv];
  const X = bytesToBigInt(x);
  const Y = bytesToBigInt(y);
  if (X >= c.p || Y >= c.p) invalid(`${crv} coordinate is not below the field prime`);
  if (X === 0n && Y === 0n) invalid(`${crv} point (0, 0) is not a valid public key`);
  const lhs = Y * Y % c.p;
  const rhs = (X * X % c.p * X + c.a * X + c.b) % c.p;
  if (lhs !== (rhs + c.p) % c.p) invalid(`${crv} point is not on the curve`);
}
function parseEC2(map, info, crvId) {
  const crv = EC_CURVE_NAMES.get(crvId);
  const size = EC_CURVES[crv].size;
  const x = bytesParam(map, -2, "x");
  const yv = map.get(-3);
  if (yv === void 0) invalid("EC2 key lacks y (label -3)");
  if (typeof yv === "boolean") invalid("compressed EC2 points are not accepted");
  if (!(yv instanceof Uint8Array)) invalid("y (label -3) must be a byte string");
  if (x.length !== size || yv.length !== size) {
    invalid(`${info.name} coordinates must be ${size} bytes`, { x: x.length, y: yv.length });
  }
  assertOnCurve(crv, x, yv);
  return { kty: "EC", crv, x, y: yv };
}
function parseOKP(map, crvId) {
  const crv = OKP_CURVE_NAMES.get(crvId);
  const x = bytesParam(map, -2, "x");
  if (x.length !== OKP_CURVES[crv].keySize) invalid(`${crv} public key must be ${OKP_CURVES[crv].keySize} bytes`);
  const curve = crv === "Ed25519" ? ed255192 : ed4482;
  let point;
  try {
    point = curve.Point.fromBytes(x, false);
  } catch (cause) {
    throw new WebAuthnError("ERR_PUBLIC_KEY_INVALID", `COSE key: ${crv} public key does not decode to a point`, {
      cause
    });
  }
  if (point.isSmallOrder()) invalid(`${crv} public key is a small-order point`);
  return { kty: "OKP", crv, x };
}
function parseRSA(map) {
  const n = bytesParam(map, -1, "n");
  const e = bytesParam(map, -2, "e");
  if (n.length === 0 || n[0] === 0) invalid("RSA n must be minimally encoded (no leading zero)");
  if (e.length === 0 || e[0] === 0) invalid("RSA e must be minimally encoded (no leading zero)");
  const bits = n.length * 8 - Math.clz32(n[0]) + 24;
  if (bits < RSA_MODULUS_BITS.min || bits > RSA_MODULUS_BITS.max) {
    invalid(`RSA modulus must be ${RSA_MODULUS_BITS.min}..${RSA_MODULUS_BITS.max} bits`, { bits });
  }
  if ((n[n.length - 1] & 1) === 0) invalid("RSA modulus must be odd");
  if (e.length > 4) invalid("RSA exponent is too large");
  const eInt = bytesToBigInt(e);
  if (eInt < 3n || (eInt & 1n) === 0n) invalid("RSA exponent must be odd and at least 3");
  return { kty: "RSA", n, e };
}
function parseCOSEPublicKey(map, options = {}) {
  if (!(map instanceof Map)) throw new TypeError("parseCOSEPublicKey: expected a decoded CBOR map");
  const allowed = options.allowedAlgorithms;
  if (allowed !== void 0 && !Array.isArray(allowed)) throw new TypeError("allowedAlgorithms must be an array");
  const alg = map.get(3);
  if (!isInt(alg)) invalid("alg (label 3) is missing or not an integer");
  const info = ALGORITHMS.get(alg);
  if (info === void 0) unsupported(alg, `algorithm ${alg} is not supported`);
  if (allowed !== void 0 ? !allowed.includes(alg) : alg === A.RS1) {
    unsupported(alg, `algorithm ${info.name} (${alg}) is not allowed`);
  }
  const kty = map.get(1);
  if (!isInt(kty)) invalid("kty (label 1) is missing or not an integer");
  if (kty !== KTY_IDS[info.kty]) invalid(`kty ${kty} does not match ${info.name}`, { kty, alg });
  for (const label of map.keys()) {
    if (!ALLOWED_LABELS[info.kty].has(label)) invalid(`unexpected member ${JSON.stringify(label)}`);
  }
  let crv;
  let publicKey;
  if (info.kty === "RSA") {
    publicKey = parseRSA(map);
  } else {
    const c = map.get(-1);
    if (!isInt(c)) invalid("crv (label -1) is missing or not an integer");
    if (!info.crvs.includes(c)) invalid(`crv ${c} does not match ${info.name}`, { crv: c, alg });
    crv = c;
    publicKey = info.kty === "EC" ? parseEC2(map, info, c) : parseOKP(map, c);
  }
  return { alg, kty, crv, publicKey, scheme: info.scheme };
}

// src/crypto/hash.ts
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 as nobleSha256, sha384, sha512 } from "@noble/hashes/sha2.js";
var HASH_LENGTHS = /* @__PURE__ */ Object.freeze({
  "SHA-1": 20,
  "SHA-256": 32,
  "SHA-384": 48,
  "SHA-512": 64
});
function sha256(data) {
  if (!(data instanceof Uint8Array)) throw new TypeError("sha256: expected a Uint8Array");
  return nobleSha256(data);
}
function digest(hash, data) {
  if (!(data instanceof Uint8Array)) throw new TypeError("digest: expected a Uint8Array");
  switch (hash) {
    case "SHA-1":
      return sha1(data);
    case "SHA-256":
      return nobleSha256(data);
    case "SHA-384":
      return sha384(data);
    case "SHA-512":
      return sha512(data);
    default:
      throw new TypeError(`digest: unsupported hash ${String(hash)}`);
  }
}

// src/crypto/jwk.ts
function b64u(bytes) {
  if (typeof btoa !== "function" || bytes.length > 8192) return encodeBase64url(bytes);
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function publicKeyToJWK(key) {
  switch (key.kty) {
    case "EC":
      return { kty: "EC", crv: key.crv, x: b64u(key.x), y: b64u(key.y) };
    case "RSA":
      return { kty: "RSA", n: b64u(stripLeadingZeros(key.n)), e: b64u(stripLeadingZeros(key.e)) };
    case "OKP":
      return { kty: "OKP", crv: key.crv, x: b64u(key.x) };
  }
}

// src/encoding/json.ts
var Parser = class {
  constructor(s, maxDepth) {
    this.s = s;
    this.maxDepth = maxDepth;
  }
  s;
  maxDepth;
  i = 0;
  fail(what) {
    throw new SyntaxError(`JSON: ${what} at position ${this.i}`);
  }
  ws() {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }
  value(depth) {
    this.ws();
    const c = this.s[this.i];
    switch (c) {
      case "{":
        return this.object(depth + 1);
      case "[":
        return this.array(depth + 1);
      case '"':
        return this.string();
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "n":
        return this.literal("null", null);
      default:
        if (c === "-" || c !== void 0 && c >= "0" && c <= "9") return this.number();
        return this.fail("unexpected token");
    }
  }
  literal(word, v) {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return v;
    }
    return this.fail("invalid literal");
  }
  number() {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (m === null) this.fail("invalid number");
    this.i += m[0].length;
    return Number(m[0]);
  }
  string() {
    const s = this.s;
    this.i++;
    let out = "";
    let start = this.i;
    while (true) {
      if (this.i >= s.length) this.fail("unterminated string");
      const c = s.charCodeAt(this.i);
      if (c === 34) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 32) this.fail("control character in string");
      if (c === 92) {
        out += s.slice(start, this.i);
        const e = s[this.i + 1];
        this.i += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case "\\":
            out += "\\";
            break;
          case "/":
            out += "/";
            break;
          case "b":
            out += "\b";
            break;
          case "f":
            out += "\f";
            break;
          case "n":
            out += "\n";
            break;
          case "r":
            out += "\r";
            break;
          case "t":
            out += "	";
            break;
          case "u": {
            const hex = s.slice(this.i, this.i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid unicode escape");
            out += String.fromCharCode(Number.parseInt(hex, 16));
            this.i += 4;
            break;
          }
          default:
            this.fail("invalid escape");
        }
        start = this.i;
        continue;
      }
      this.i++;
    }
  }
  array(depth) {
    if (depth > this.maxDepth) this.fail("nesting too deep");
    this.i++;
    const out = [];
    this.ws();
    if (this.s[this.i] === "]") {
      this.i++;
      return out;
    }
    while (true) {
      out.push(this.value(depth));
      this.ws();
      const c = this.s[this.i++];
      if (c === "]") return out;
      if (c !== ",") this.fail("expected , or ]");
    }
  }
  object(depth) {
    if (depth > this.maxDepth) this.fail("nesting too deep");
    this.i++;
    const out = /* @__PURE__ */ Object.create(null);
    const seen = /* @__PURE__ */ new Set();
    this.ws();
    if (this.s[this.i] === "}") {
      this.i++;
      return out;
    }
    while (true) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail("expected member name");
      const key = this.string();
      if (seen.has(key)) this.fail(`duplicate member ${JSON.stringify(key)}`);
      seen.add(key);
      this.ws();
      if (this.s[this.i++] !== ":") this.fail("expected :");
      out[key] = this.value(depth);
      this.ws();
      const c = this.s[this.i++];
      if (c === "}") return out;
      if (c !== ",") this.fail("expected , or }");
    }
  }
};
function parseStrictJSON(text, options = {}) {
  const p = new Parser(text, options.maxDepth ?? 32);
  const v = p.value(0);
  p.ws();
  if (p.i !== text.length) p.fail("trailing data");
  return v;
}

// src/parsers/client-data.ts
function invalid2(message, cause) {
  return new WebAuthnError(
    "ERR_CLIENT_DATA_INVALID",
    `clientDataJSON: ${message}`,
    cause === void 0 ? {} : { cause }
  );
}
function parseClientDataJSON(bytes) {
  let text = utf8DecodeLenient(bytes);
  if (text.charCodeAt(0) === 65279) text = text.slice(1);
  let parsed;
  try {
    parsed = parseStrictJSON(text, { maxDepth: 16 });
  } catch (err) {
    throw invalid2("not valid JSON", err);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw invalid2("not a JSON object");
  const members = parsed;
  const { type, challenge, origin, crossOrigin, topOrigin } = members;
  if (typeof type !== "string") throw invalid2('"type" must be a string');
  if (typeof challenge !== "string") throw invalid2('"challenge" must be a string');
  if (typeof origin !== "string") throw invalid2('"origin" must be a string');
  if (crossOrigin !== void 0 && typeof crossOrigin !== "boolean") throw invalid2('"crossOrigin" must be a boolean');
  if (topOrigin !== void 0 && typeof topOrigin !== "string") throw invalid2('"topOrigin" must be a string');
  return {
    type,
    challenge,
    origin,
    crossOrigin,
    topOrigin,
    members
  };
}

// src/parsers/authenticator-data.ts
function invalid3(message, cause) {
  return new WebAuthnError(
    "ERR_AUTHENTICATOR_DATA_INVALID",
    `authenticatorData: ${message}`,
    cause === void 0 ? {} : { cause }
  );
}
function parseAuthenticatorFlags(value) {
  return {
    up: (value & 1) !== 0,
    rfu1: (value & 2) !== 0,
    uv: (value & 4) !== 0,
    be: (value & 8) !== 0,
    bs: (value & 16) !== 0,
    rfu2: (value & 32) !== 0,
    at: (value & 64) !== 0,
    ed: (value & 128) !== 0,
    value
  };
}
function mapAt(bytes, offset, what, limits = {}) {
  let decoded;
  try {
    decoded = decodeCBORPrefix(bytes, offset, limits);
  } catch (err) {
    throw invalid3(`${what} is not valid CBOR`, err);
  }
  if (!isCBORMap(decoded.value)) throw invalid3(`${what} is not a CBOR map`);
  return { map: decoded.value, end: decoded.end };
}
function parseAuthenticatorData(bytes) {
  if (bytes.length < 37) throw invalid3(`${bytes.length} bytes, at least 37 required`);
  const rpIdHash = bytes.slice(0, 32);
  const flags = parseAuthenticatorFlags(bytes[32]);
  const signCount = (bytes[33] << 24 | bytes[34] << 16 | bytes[35] << 8 | bytes[36]) >>> 0;
  let offset = 37;
  let attestedCredentialData;
  if (flags.at) {
    if (bytes.length < offset + 18) throw invalid3("attested credential data truncated");
    const aaguid = bytes.slice(offset, offset + 16);
    const idLength = bytes[offset + 16] << 8 | bytes[offset + 17];
    offset += 18;
    if (idLength > bytes.length - offset) throw invalid3("credentialIdLength exceeds the data");
    const credentialId = bytes.slice(offset, offset + idLength);
    offset += idLength;
    const key = mapAt(bytes, offset, "credentialPublicKey", { allowFloats: false });
    attestedCredentialData = {
      aaguid,
      credentialId,
      credentialPublicKey: bytes.slice(offset, key.end),
      credentialPublicKeyMap: key.map
    };
    offset = key.end;
  }
  let extensions;
  if (flags.ed) {
    if (offset >= bytes.length) throw invalid3("ED flag set but no extensions follow");
    const ext = mapAt(bytes, offset, "extensions");
    extensions = ext.map;
    offset = ext.end;
  }
  if (offset !== bytes.length) throw invalid3(`${bytes.length - offset} unexpected trailing byte(s)`);
  return { rpIdHash, flags, signCount, attestedCredentialData, extensions, bytes };
}

// src/crypto/backend-noble.ts
import { ed448 as ed4483 } from "@noble/curves/ed448.js";
import { ed25519 as ed255193 } from "@noble/curves/ed25519.js";
import { p256 as p2562, p384 as p3842, p521 as p5212 } from "@noble/curves/nist.js";
import { secp256k1 as secp256k12 } from "@noble/curves/secp256k1.js";

// src/crypto/rsa.ts
var DIGEST_INFO_PREFIX = /* @__PURE__ */ Object.freeze({
  "SHA-1": /* @__PURE__ */ Uint8Array.of(
    48,
    33,
    48,
    9,
    6,
    5,
    43,
    14,
    3,
    2,
    26,
    5,
    0,
    4,
    20
  ),
  "SHA-256": /* @__PURE__ */ Uint8Array.of(
    48,
    49,
    48,
    13,
    6,
    9,
    96,
    134,
    72,
    1,
    101,
    3,
    4,
    2,
    1,
    5,
    0,
    4,
    32
  ),
  "SHA-384": /* @__PURE__ */ Uint8Array.of(
    48,
    65,
    48,
    13,
    6,
    9,
    96,
    134,
    72,
    1,
    101,
    3,
    4,
    2,
    2,
    5,
    0,
    4,
    48
  ),
  "SHA-512": /* @__PURE__ */ Uint8Array.of(
    48,
    81,
    48,
    13,
    6,
    9,
    96,
    134,
    72,
    1,
    101,
    3,
    4,
    2,
    3,
    5,
    0,
    4,
    64
  )
});
function modPow(base, exp, mod) {
  if (mod === 1n) return 0n;
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = result * b % mod;
    e >>= 1n;
    if (e > 0n) b = b * b % mod;
  }
  return result;
}
function rsavp1(n, e, signature) {
  const nb = stripLeadingZeros(n);
  const k = nb.length;
  if (k === 0 || signature.length !== k) return void 0;
  const nInt = bytesToBigInt(nb);
  const s = bytesToBigInt(signature);
  if (s >= nInt) return void 0;
  const m = modPow(s, bytesToBigInt(stripLeadingZeros(e)), nInt);
  return { m, k, modBits: nInt.toString(2).length };
}
function equal(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}
function verifyRSAPKCS1v15(key, hash, signature, data) {
  const v = rsavp1(key.n, key.e, signature);
  if (v === void 0) return false;
  const em = bigIntToBytes(v.m, v.k);
  if (em === void 0) return false;
  const prefix = DIGEST_INFO_PREFIX[hash];
  const h = digest(hash, data);
  const tLen = prefix.length + h.length;
  if (v.k < tLen + 11) return false;
  const expected = new Uint8Array(v.k);
  expected[1] = 1;
  expected.fill(255, 2, v.k - tLen - 1);
  expected.set(prefix, v.k - tLen);
  expected.set(h, v.k - h.length);
  return equal(em, expected);
}
function mgf1(hash, seed, length) {
  const hLen = HASH_LENGTHS[hash];
  const out = new Uint8Array(length);
  const input = new Uint8Array(seed.length + 4);
  input.set(seed, 0);
  for (let counter = 0, off = 0; off < length; counter++, off += hLen) {
    input[seed.length] = counter >>> 24;
    input[seed.length + 1] = counter >>> 16 & 255;
    input[seed.length + 2] = counter >>> 8 & 255;
    input[seed.length + 3] = counter & 255;
    const block = digest(hash, input);
    out.set(block.subarray(0, Math.min(hLen, length - off)), off);
  }
  return out;
}
function verifyRSAPSS(key, hash, saltLength, signature, data) {
  const v = rsavp1(key.n, key.e, signature);
  if (v === void 0) return false;
  const emBits = v.modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = bigIntToBytes(v.m, emLen);
  if (em === void 0) return false;
  const hLen = HASH_LENGTHS[hash];
  const mHash = digest(hash, data);
  if (emLen < hLen + saltLength + 2) return false;
  if (em[emLen - 1] !== 188) return false;
  const dbLen = emLen - hLen - 1;
  const maskedDB = em.subarray(0, dbLen);
  const H = em.subarray(dbLen, dbLen + hLen);
  const zeroBits = 8 * emLen - emBits;
  const topMask = 255 << 8 - zeroBits & 255;
  if ((maskedDB[0] & topMask) !== 0) return false;
  const db = mgf1(hash, H, dbLen);
  for (let i = 0; i < dbLen; i++) db[i] = db[i] ^ maskedDB[i];
  db[0] = db[0] & ~topMask & 255;
  const psLen = emLen - hLen - saltLength - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 1) return false;
  const salt = db.subarray(dbLen - saltLength);
  const mPrime = new Uint8Array(8 + hLen + saltLength);
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + hLen);
  return equal(digest(hash, mPrime), H);
}

// src/crypto/backend-noble.ts
var ECDSA_CURVES = { "P-256": p2562, "P-384": p3842, "P-521": p5212, secp256k1: secp256k12 };
function keyError(cause) {
  return new WebAuthnError("ERR_PUBLIC_KEY_INVALID", "@noble/curves rejected the public key", { cause });
}
function verifyNoble(scheme, key, signature, data) {
  switch (scheme.name) {
    case "ECDSA": {
      if (key.kty !== "EC") return false;
      const curve = ECDSA_CURVES[key.crv];
      const point = new Uint8Array(1 + key.x.length + key.y.length);
      point[0] = 4;
      point.set(key.x, 1);
      point.set(key.y, 1 + key.x.length);
      try {
        curve.Point.fromBytes(point).assertValidity();
      } catch (cause) {
        throw keyError(cause);
      }
      try {
        return curve.verify(signature, digest(scheme.hash, data), point, {
          prehash: false,
          lowS: false,
          format: scheme.encoding === "der" ? "der" : "compact"
        });
      } catch {
        return false;
      }
    }
    case "EdDSA": {
      if (key.kty !== "OKP") return false;
      const curve = key.crv === "Ed25519" ? ed255193 : ed4483;
      try {
        curve.Point.fromBytes(key.x, false);
      } catch (cause) {
        throw keyError(cause);
      }
      try {
        return curve.verify(signature, data, key.x, { zip215: false });
      } catch {
        return false;
      }
    }
    case "RSASSA-PKCS1-v1_5":
      return key.kty === "RSA" && verifyRSAPKCS1v15(key, scheme.hash, signature, data);
    case "RSA-PSS":
      return key.kty === "RSA" && verifyRSAPSS(key, scheme.hash, scheme.saltLength, signature, data);
  }
}

// src/crypto/backend-node.ts
var probed = false;
var nodeCrypto;
function getNodeCrypto() {
  if (!probed) {
    probed = true;
    try {
      const proc = globalThis.process;
      const mod = proc?.getBuiltinModule?.("node:crypto");
      if (mod !== void 0 && typeof mod.verify === "function" && typeof mod.createPublicKey === "function") {
        nodeCrypto = mod;
      }
    } catch {
      nodeCrypto = void 0;
    }
  }
  return nodeCrypto;
}
var NODE_HASH = {
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512"
};
function importKey(nc, key) {
  try {
    return nc.createPublicKey({ key: publicKeyToJWK(key), format: "jwk" });
  } catch (cause) {
    throw new WebAuthnError("ERR_PUBLIC_KEY_INVALID", "node:crypto could not import the public key", { cause });
  }
}
function verifyNode(nc, scheme, key, signature, data) {
  const keyObject = importKey(nc, key);
  try {
    switch (scheme.name) {
      case "ECDSA":
        return scheme.encoding === "der" ? nc.verify(NODE_HASH[scheme.hash], data, keyObject, signature) : nc.verify(NODE_HASH[scheme.hash], data, { key: keyObject, dsaEncoding: "ieee-p1363" }, signature);
      case "RSASSA-PKCS1-v1_5":
        return nc.verify(NODE_HASH[scheme.hash], data, keyObject, signature);
      case "RSA-PSS":
        return nc.verify(
          NODE_HASH[scheme.hash],
          data,
          { key: keyObject, padding: nc.constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength },
          signature
        );
      case "EdDSA":
        return nc.verify(null, data, { key: keyObject }, signature);
    }
  } catch {
    return false;
  }
}

// src/crypto/backend-webcrypto.ts
function subtle() {
  return globalThis.crypto?.subtle;
}
function hasWebCrypto() {
  return subtle() !== void 0;
}
var ED25519_PROBE_KEY = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
var ed25519Probe;
function webCryptoHasEd25519() {
  ed25519Probe ??= (async () => {
    const s = subtle();
    if (s === void 0) return false;
    try {
      await s.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: ED25519_PROBE_KEY }, { name: "Ed25519" }, false, [
        "verify"
      ]);
      return true;
    } catch {
      return false;
    }
  })();
  return ed25519Probe;
}
function algorithms(scheme, key) {
  switch (scheme.name) {
    case "ECDSA":
      if (key.kty !== "EC" || key.crv === "secp256k1") return void 0;
      return { imp: { name: "ECDSA", namedCurve: key.crv }, ver: { name: "ECDSA", hash: scheme.hash } };
    case "RSASSA-PKCS1-v1_5":
      return { imp: { name: "RSASSA-PKCS1-v1_5", hash: scheme.hash }, ver: { name: "RSASSA-PKCS1-v1_5" } };
    case "RSA-PSS":
      return { imp: { name: "RSA-PSS", hash: scheme.hash }, ver: { name: "RSA-PSS", saltLength: scheme.saltLength } };
    case "EdDSA":
      if (key.kty !== "OKP") return void 0;
      return { imp: { name: key.crv }, ver: { name: key.crv } };
  }
}
async function verifyWebCrypto(scheme, key, signature, data) {
  const s = subtle();
  const algs = algorithms(scheme, key);
  if (s === void 0 || algs === void 0) {
    throw new WebAuthnError("ERR_UNSUPPORTED_ALGORITHM", `WebCrypto cannot verify ${scheme.name} with this key here`);
  }
  let cryptoKey;
  try {
    cryptoKey = await s.importKey("jwk", publicKeyToJWK(key), algs.imp, false, ["verify"]);
  } catch (cause) {
    const unsupported2 = cause?.name === "NotSupportedError";
    throw new WebAuthnError(
      unsupported2 ? "ERR_UNSUPPORTED_ALGORITHM" : "ERR_PUBLIC_KEY_INVALID",
      unsupported2 ? `WebCrypto does not support ${scheme.name} with this key` : "WebCrypto could not import the public key",
      { cause }
    );
  }
  try {
    return await s.verify(algs.ver, cryptoKey, toBytes(signature), toBytes(data));
  } catch {
    return false;
  }
}

// src/crypto/der.ts
function readPositiveInteger(der, cur, end) {
  if (cur.pos + 2 > end || der[cur.pos] !== 2) return void 0;
  const len = der[cur.pos + 1];
  if (len === 0 || len >= 128) return void 0;
  const start = cur.pos + 2;
  if (start + len > end) return void 0;
  const first = der[start];
  if (first & 128) return void 0;
  if (len > 1 && first === 0 && (der[start + 1] & 128) === 0) return void 0;
  cur.pos = start + len;
  return der.subarray(start, start + len);
}
function parseECDSASignatureDER(der, curve) {
  if (der.length < 8 || der[0] !== 48) return void 0;
  let contentStart;
  let contentLen = der[1];
  if (contentLen < 128) {
    contentStart = 2;
  } else if (contentLen === 129) {
    contentLen = der[2];
    if (contentLen < 128) return void 0;
    contentStart = 3;
  } else {
    return void 0;
  }
  const end = contentStart + contentLen;
  if (end !== der.length) return void 0;
  const cur = { pos: contentStart };
  const rBytes = readPositiveInteger(der, cur, end);
  if (rBytes === void 0) return void 0;
  const sBytes = readPositiveInteger(der, cur, end);
  if (sBytes === void 0 || cur.pos !== end) return void 0;
  return checkRange(stripLeadingZeros(rBytes), stripLeadingZeros(sBytes), curve);
}
function parseECDSASignatureRaw(raw, curve) {
  if (raw.length !== 2 * curve.size) return void 0;
  return checkRange(stripLeadingZeros(raw.subarray(0, curve.size)), stripLeadingZeros(raw.subarray(curve.size)), curve);
}
function checkRange(rBytes, sBytes, curve) {
  if (rBytes.length > curve.size || sBytes.length > curve.size) return void 0;
  const r = bytesToBigInt(rBytes);
  const s = bytesToBigInt(sBytes);
  if (r <= 0n || r >= curve.n || s <= 0n || s >= curve.n) return void 0;
  return { r, s, rBytes, sBytes };
}
function ecdsaRawSignature(values, curve) {
  const out = new Uint8Array(2 * curve.size);
  out.set(leftPad(values.rBytes, curve.size), 0);
  out.set(leftPad(values.sBytes, curve.size), curve.size);
  return out;
}

// src/crypto/verify.ts
var MAX_RSA_VERIFY_BITS = 16384;
var HASHES = /* @__PURE__ */ new Set(["SHA-1", "SHA-256", "SHA-384", "SHA-512"]);
var BACKENDS = /* @__PURE__ */ new Set(["auto", "node", "webcrypto", "noble"]);
function checkArguments(options) {
  if (typeof options !== "object" || options === null)
    throw new TypeError("verifySignature: expected an options object");
  const { scheme, key, signature, data, backend } = options;
  if (!(signature instanceof Uint8Array)) throw new TypeError("verifySignature: signature must be a Uint8Array");
  if (!(data instanceof Uint8Array)) throw new TypeError("verifySignature: data must be a Uint8Array");
  if (backend !== void 0 && !BACKENDS.has(backend))
    throw new TypeError(`verifySignature: unknown backend ${String(backend)}`);
  if (typeof scheme !== "object" || scheme === null) throw new TypeError("verifySignature: scheme must be an object");
  if (typeof key !== "object" || key === null) throw new TypeError("verifySignature: key must be an object");
  switch (scheme.name) {
    case "ECDSA":
      if (scheme.encoding !== "der" && scheme.encoding !== "raw")
        throw new TypeError("verifySignature: bad ECDSA encoding");
      break;
    case "RSA-PSS":
      if (!Number.isSafeInteger(scheme.saltLength) || scheme.saltLength < 0) {
        throw new RangeError("verifySignature: RSA-PSS saltLength must be a non-negative integer");
      }
      break;
    case "RSASSA-PKCS1-v1_5":
    case "EdDSA":
      break;
    default:
      throw new TypeError(`verifySignature: unknown scheme ${String(scheme.name)}`);
  }
  if (scheme.name !== "EdDSA" && !HASHES.has(scheme.hash)) throw new TypeError("verifySignature: unknown hash");
}
function keyInvalid(message) {
  throw new WebAuthnError("ERR_PUBLIC_KEY_INVALID", message);
}
function checkKey(scheme, key) {
  const want = scheme.name === "ECDSA" ? "EC" : scheme.name === "EdDSA" ? "OKP" : "RSA";
  if (key.kty !== want) keyInvalid(`a ${key.kty} key cannot verify ${scheme.name} signatures`);
  switch (key.kty) {
    case "EC": {
      if (!Object.hasOwn(EC_CURVES, key.crv)) keyInvalid("unknown EC curve");
      const curve = EC_CURVES[key.crv];
      if (!(key.x instanceof Uint8Array) || !(key.y instanceof Uint8Array)) keyInvalid("EC coordinates must be bytes");
      if (key.x.length !== curve.size || key.y.length !== curve.size)
        keyInvalid(`${key.crv} coordinates must be ${curve.size} bytes`);
      return;
    }
    case "OKP": {
      if (!Object.hasOwn(OKP_CURVES, key.crv)) keyInvalid("unknown OKP curve");
      const curve = OKP_CURVES[key.crv];
      if (!(key.x instanceof Uint8Array)) keyInvalid("OKP key must be bytes");
      if (key.x.length !== curve.keySize) keyInvalid(`${key.crv} public keys are ${curve.keySize} bytes`);
      return;
    }
    case "RSA": {
      if (!(key.n instanceof Uint8Array) || !(key.e instanceof Uint8Array)) keyInvalid("RSA n and e must be bytes");
      const n = stripLeadingZeros(key.n);
      const e = stripLeadingZeros(key.e);
      if (n.length === 0 || (n[n.length - 1] & 1) === 0) keyInvalid("RSA modulus must be odd and positive");
      if (n.length * 8 > MAX_RSA_VERIFY_BITS) keyInvalid("RSA modulus too large");
      if (e.length === 0 || (e[e.length - 1] & 1) === 0 || e.length === 1 && e[0] === 1) {
        keyInvalid("RSA exponent must be odd and greater than 1");
      }
      if (e.length > n.length) keyInvalid("RSA exponent larger than the modulus");
      return;
    }
    default:
      keyInvalid("unknown key type");
  }
}
function precheck(scheme, key, signature) {
  switch (scheme.name) {
    case "ECDSA": {
      if (key.kty !== "EC") return void 0;
      const curve = EC_CURVES[key.crv];
      const values = scheme.encoding === "der" ? parseECDSASignatureDER(signature, curve) : parseECDSASignatureRaw(signature, curve);
      if (values === void 0) return void 0;
      return { raw: scheme.encoding === "raw" ? signature : ecdsaRawSignature(values, curve) };
    }
    case "EdDSA": {
      if (key.kty !== "OKP") return void 0;
      const curve = OKP_CURVES[key.crv];
      if (signature.length !== curve.sigSize) return void 0;
      if (bytesToBigIntLE(signature.subarray(curve.sigSize / 2)) >= curve.L) return void 0;
      return {};
    }
    case "RSASSA-PKCS1-v1_5":
    case "RSA-PSS":
      if (key.kty !== "RSA" || signature.length !== stripLeadingZeros(key.n).length) return void 0;
      return {};
  }
}
async function webCryptoPreferred(scheme, key) {
  if (!hasWebCrypto()) return false;
  if (key.kty === "EC") return key.crv !== "secp256k1";
  if (key.kty === "OKP") return key.crv === "Ed25519" && await webCryptoHasEd25519();
  return scheme.name === "RSASSA-PKCS1-v1_5" || scheme.name === "RSA-PSS";
}
async function verifySignature(options) {
  checkArguments(options);
  const { scheme, key, signature, data } = options;
  const backend = options.backend ?? "auto";
  checkKey(scheme, key);
  const pre = precheck(scheme, key, signature);
  if (pre === void 0) return false;
  if (backend === "noble") return verifyNoble(scheme, key, signature, data);
  if (backend === "webcrypto") return verifyWebCrypto(webCryptoScheme(scheme), key, pre.raw ?? signature, data);
  const nc = getNodeCrypto();
  if (backend === "node") {
    if (nc === void 0) throw new WebAuthnError("ERR_UNSUPPORTED_ALGORITHM", "node:crypto is not available here");
    return verifyNode(nc, scheme, key, signature, data);
  }
  if (nc !== void 0) {
    try {
      return verifyNode(nc, scheme, key, signature, data);
    } catch {
    }
  }
  if (await webCryptoPreferred(scheme, key)) {
    return verifyWebCrypto(webCryptoScheme(scheme), key, pre.raw ?? signature, data);
  }
  return verifyNoble(scheme, key, signature, data);
}
function webCryptoScheme(scheme) {
  return scheme.name === "ECDSA" ? { name: "ECDSA", hash: scheme.hash, encoding: "raw" } : scheme;
}

// .micro.ts
import { loadInputs } from "./bench/inputs.mjs";
import crypto from "node:crypto";
var inputs = await loadInputs();
function bench(name, fn, n = 4e3) {
  for (let i = 0; i < 400; i++) fn(i % 200);
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn(i % 200);
  const c = process.cpuUsage(c0);
  console.log(name.padEnd(36), ((c.user + c.system) / n).toFixed(2), "\xB5s cpu");
}
for (const alg of ["ES256", "RS256", "EdDSA"]) {
  const items = inputs[alg];
  const r = items.map((it) => it.assertion.response);
  const cdj = r.map((x) => decodeBase64urlOrUndefined(x.clientDataJSON));
  const ad = r.map((x) => decodeBase64urlOrUndefined(x.authenticatorData));
  const pk = items.map((it) => decodeBase64urlOrUndefined(it.credential.publicKey));
  const maps = pk.map((b) => decodeCBOR(b));
  const keys = maps.map((m) => parseCOSEPublicKey(m));
  const sigs = r.map((x) => decodeBase64urlOrUndefined(x.signature));
  const datas = ad.map((a, i) => concat(a, sha256(cdj[i])));
  console.log("--", alg);
  bench("b64 decode x3", (i) => {
    decodeBase64urlOrUndefined(r[i].clientDataJSON);
    decodeBase64urlOrUndefined(r[i].authenticatorData);
    decodeBase64urlOrUndefined(r[i].signature);
  });
  bench("parseClientDataJSON", (i) => parseClientDataJSON(cdj[i]));
  bench("parseAuthenticatorData", (i) => parseAuthenticatorData(ad[i]));
  bench("decodeCBOR key", (i) => decodeCBOR(pk[i]));
  bench("parseCOSEPublicKey", (i) => parseCOSEPublicKey(maps[i]));
  bench("sha256+concat", (i) => concat(ad[i], sha256(cdj[i])));
  bench("publicKeyToJWK", (i) => publicKeyToJWK(keys[i].publicKey));
  bench("createPublicKey", (i) => crypto.createPublicKey({ key: publicKeyToJWK(keys[i].publicKey), format: "jwk" }));
  bench("verifySignature", (i) => verifySignature({ scheme: keys[i].scheme, key: keys[i].publicKey, signature: sigs[i], data: datas[i] }));
}
