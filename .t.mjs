import { loadInputs } from './bench/inputs.mjs';
const i = await loadInputs({ log: console.log });
console.log(Object.keys(i), i.ES256.length, i.RS256.length, i.x5c.items.length);
