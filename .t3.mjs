import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
for (const [n,c] of Object.entries({p256,p384,p521,secp256k1})) { const C=c.Point.CURVE(); console.log(n, c.Point.Fp.BYTES, 'p', C.p.toString(16), 'a', C.a.toString(16), 'b', C.b.toString(16), 'n', C.n.toString(16)); }
for (const [n,c] of Object.entries({ed25519, ed448})) { const C=c.Point.CURVE(); console.log(n, 'p', C.p.toString(16), 'd', C.d.toString(16), 'n', C.n.toString(16), 'h', C.h, 'a', C.a.toString(16)); }
// torsion points of ed25519: [L] * random point
const L = ed25519.Point.CURVE().n;
const ys = new Set();
for (let i=0;i<40;i++){ const P = ed25519.Point.BASE.multiply(BigInt(i+1)).add(ed25519.Point.fromBytes(new Uint8Array(32).fill(0).map((_,j)=>j===0?0:0).map(()=>0).map((x,j)=>j==0?0:0)).multiply(1n)); }
// simpler: use the known small order encodings and verify isSmallOrder
const hex = ['0000000000000000000000000000000000000000000000000000000000000000','0100000000000000000000000000000000000000000000000000000000000000','ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f','c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a','26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'];
for (const h of hex) for (const sign of [0,0x80]) { const b = Uint8Array.from(Buffer.from(h,'hex')); b[31]|=sign; try { const P = ed25519.Point.fromBytes(b,false); console.log(h.slice(0,8), sign, 'small', P.isSmallOrder()); } catch(e) { console.log(h.slice(0,8), sign, 'decode fail'); } }
