/**
 * Preload (`node --import ./bench/trace-packages.mjs …`) that reports every package a process
 * loads, ESM (through a resolve hook) and CommonJS (through Module._load), as `@@PKG <path>` lines
 * on stderr. Used to show which dependencies a cold import of the main entry evaluates.
 */
import { writeSync } from 'node:fs';
import Module, { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.includes('/node_modules/')) writeSync(2, '@@PKG ' + r.url + '\\n');
  return r;
}`)}`,
);

const load = Module._load;
Module._load = function tracedLoad(request, parent, isMain) {
  try {
    const file = Module._resolveFilename(request, parent, isMain);
    if (file.includes('/node_modules/')) writeSync(2, `@@PKG ${file}\n`);
  } catch {
    // builtins and unresolvable requests: not packages
  }
  return load.apply(this, [request, parent, isMain]);
};
