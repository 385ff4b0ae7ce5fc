import crypto from 'node:crypto';
function bench(name, fn, n=20000){ for(let i=0;i<2000;i++) fn(i%200); const c0=process.cpuUsage(); for(let i=0;i<n;i++) fn(i%200); const c=process.cpuUsage(c0); console.log(name.padEnd(30), ((c.user+c.system)/n).toFixed(3),'µs'); }
const U='ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function enc(bytes){ let out=''; let i=0; for(;i+2<bytes.length;i+=3){const n=(bytes[i]<<16)|(bytes[i+1]<<8)|bytes[i+2]; out+=U[(n>>18)&63]+U[(n>>12)&63]+U[(n>>6)&63]+U[n&63];} const r=bytes.length-i; if(r===1){const n=bytes[i]<<16; out+=U[(n>>18)&63]+U[(n>>12)&63];} else if(r===2){const n=(bytes[i]<<16)|(bytes[i+1]<<8); out+=U[(n>>18)&63]+U[(n>>12)&63]+U[(n>>6)&63];} return out;}
const PAIRS = []; for (let i=0;i<4096;i++) PAIRS.push(U[i>>6]+U[i&63]);
function enc2(bytes){ let out=''; let i=0; for(;i+2<bytes.length;i+=3){const n=(bytes[i]<<16)|(bytes[i+1]<<8)|bytes[i+2]; out+=PAIRS[n>>12]+PAIRS[n&4095];} const r=bytes.length-i; if(r===1){const n=bytes[i]<<16; out+=U[(n>>18)&63]+U[(n>>12)&63];} else if(r===2){const n=(bytes[i]<<16)|(bytes[i+1]<<8); out+=U[(n>>18)&63]+U[(n>>12)&63]+U[(n>>6)&63];} return out;}
function enc3(bytes){ const codes = new Array(Math.ceil(bytes.length*4/3)); let o=0; let i=0; for(;i+2<bytes.length;i+=3){const n=(bytes[i]<<16)|(bytes[i+1]<<8)|bytes[i+2]; codes[o++]=UC[(n>>18)&63];codes[o++]=UC[(n>>12)&63];codes[o++]=UC[(n>>6)&63];codes[o++]=UC[n&63];} const r=bytes.length-i; if(r===1){const n=bytes[i]<<16; codes[o++]=UC[(n>>18)&63];codes[o++]=UC[(n>>12)&63];} else if(r===2){const n=(bytes[i]<<16)|(bytes[i+1]<<8); codes[o++]=UC[(n>>18)&63];codes[o++]=UC[(n>>12)&63];codes[o++]=UC[(n>>6)&63];} codes.length=o; return String.fromCharCode.apply(null, codes);}
const UC = [...U].map(c=>c.charCodeAt(0));
function btoaU(bytes){ let bin=''; for (let i=0;i<bytes.length;i++) bin+=String.fromCharCode(bytes[i]); return btoa(bin).replace(/\+/g,'-').replace(/\//g,'_').replace(/=+$/,''); }
const td = new TextDecoder('latin1');
function btoaU2(bytes){ return btoa(String.fromCharCode.apply(null, bytes)).replace(/[+/=]/g, c => c==='+'?'-':c==='/'?'_':''); }
for (const len of [32, 256]) {
  const data = Array.from({length:200},()=>new Uint8Array(crypto.randomBytes(len)));
  for (const d of data) { if (enc(d)!==Buffer.from(d).toString('base64url') || enc2(d)!==enc(d) || enc3(d)!==enc(d) || btoaU2(d)!==enc(d)) throw new Error('mismatch'); }
  bench('enc '+len, i=>enc(data[i]));
  bench('enc2 pairs '+len, i=>enc2(data[i]));
  bench('enc3 codes '+len, i=>enc3(data[i]));
  bench('btoa '+len, i=>btoaU(data[i]));
  bench('btoa2 '+len, i=>btoaU2(data[i]));
  bench('Buffer '+len, i=>Buffer.from(data[i].buffer, data[i].byteOffset, data[i].length).toString('base64url'));
}
const h = Array.from({length:200},()=>new Uint8Array(crypto.randomBytes(150)));
bench('crypto.hash sha256 150B', i=>crypto.hash('sha256', h[i], 'buffer'));
bench('createHash sha256 150B', i=>crypto.createHash('sha256').update(h[i]).digest());
const { sha256 } = await import('@noble/hashes/sha2.js');
bench('noble sha256 150B', i=>sha256(h[i]));
