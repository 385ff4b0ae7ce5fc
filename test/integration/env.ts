/** Connection settings of the integration suite (set by `scripts/services.sh start`). */
export function requireEnv(name: 'REDIS_URL' | 'DATABASE_URL'): string {
  const value = process.env[name];
  if (value === undefined || value.length === 0) {
    throw new Error(`${name} is not set: run \`eval "$(scripts/services.sh start)"\` before the integration suite`);
  }
  return value;
}

/** A short random lower-case suffix for schema and key-prefix isolation between test files. */
export function isolationSuffix(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => (b % 36).toString(36)).join('');
}
