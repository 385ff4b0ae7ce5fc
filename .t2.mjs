import { ed25519 } from '@noble/curves/ed25519.js';
import crypto from 'node:crypto';
const keys = Array.from({length:200},()=>crypto.generateKeyPairSync('ed25519').publicKey.export({format:'jwk'})).map(j=>new Uint8Array(Buffer.from(j.x,'base64url')));
function bench(name, fn, n=3000){ for(let i=0;i<500;i++) fn(i%200); const c0=process.cpuUsage(); for(let i=0;i<n;i++) fn(i%200); const c=process.cpuUsage(c0); console.log(name.padEnd(30), ((c.user+c.system)/n).toFixed(2),'µs'); }
const pts = keys.map(k=>ed25519.Point.fromBytes(k,false));
bench('fromBytes', i=>ed25519.Point.fromBytes(keys[i], false));
bench('isSmallOrder', i=>pts[i].isSmallOrder());
const P = 2n**255n-19n;
const ys = keys.map(k=>{ const b=Uint8Array.from(k); b[31]&=0x7f; let y=0n; for(let j=31;j>=0;j--) y=(y<<8n)|BigInt(b[j]); return y;});
function pow(b,e,m){let r=1n; b%=m; while(e>0n){ if(e&1n) r=r*b%m; b=b*b%m; e>>=1n;} return r;}
bench('bigint pow (p-1)/2', i=>pow(ys[i], (P-1n)/2n, P));
function pow2(x, n){ while(n-- > 0) { x = x*x % P; } return x; }
bench('250 squarings %', i=>pow2(ys[i], 250));
const M = (1n<<255n)-1n;
function red(x){ x = (x & M) + 19n*(x>>255n); x = (x & M) + 19n*(x>>255n); return x; }
function pow2r(x, n){ while(n-- > 0) { x = red(x*x); } return x; }
bench('250 squarings special', i=>pow2r(ys[i], 250));
const D = ed25519.Point.CURVE ? ed25519.Point.CURVE().d : null;
console.log('d', D);
function jacobi(a, n) {
  a %= n; let t = 1;
  while (a !== 0n) {
    // strip trailing zeros
    let low = Number(a & 0xffffffffn);
    while (low === 0) { a >>= 32n; low = Number(a & 0xffffffffn); }
    const tz = 31 - Math.clz32(low & -low);
    if (tz > 0) { a >>= BigInt(tz); const r = Number(n & 7n); if ((tz & 1) && (r === 3 || r === 5)) t = -t; }
    // swap
    const tmp = a; a = n; n = tmp;
    if ((Number(a & 3n) === 3) && (Number(n & 3n) === 3)) t = -t;
    a %= n;
    if (n < 0x20000000000000n) { return t * jacobiNum(Number(a), Number(n)); }
  }
  return n === 1n ? t : 0;
}
function jacobiNum(a, n) {
  let t = 1;
  a %= n;
  while (a !== 0) {
    while (a % 2 === 0) { a /= 2; const r = n % 8; if (r === 3 || r === 5) t = -t; }
    const tmp = a; a = n; n = tmp;
    if (a % 4 === 3 && n % 4 === 3) t = -t;
    a %= n;
  }
  return n === 1 ? t : 0;
}
function isDecodable(y){ const y2 = y*y%P; const u = (y2-1n+P)%P; const v=(D*y2+1n)%P; return jacobi(u*v%P, P) >= 0; }
let agree = true;
for (let i=0;i<200;i++){ if(!isDecodable(ys[i])) agree=false; }
// random y: compare with noble
let mism=0, valid=0;
for (let i=0;i<3000;i++){ const b=crypto.randomBytes(32); b[31]&=0x7f; let y=0n; for(let j=31;j>=0;j--) y=(y<<8n)|BigInt(b[j]); if (y>=P) continue; let ok=true; try{ ed25519.Point.fromBytes(b,false);}catch{ok=false} if (ok) valid++; if (ok!==isDecodable(y)) mism++; }
console.log('agree', agree, 'mismatches', mism, 'valid', valid);
bench('jacobi decodable', i=>isDecodable(ys[i]));
