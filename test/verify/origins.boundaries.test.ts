import { describe, expect, it } from 'vitest';
import { assertConfiguredOrigin, compileOrigins } from '../../src/verify/origins.js';

const APK = `android:apk-key-hash:${'A'.repeat(42)}w`;

describe('assertConfiguredOrigin: only origins a browser or Android app can send', () => {
  it.each([
    'https://example.com',
    'https://example.com:8443',
    'https://sub.example.com',
    'http://localhost',
    'http://localhost:3000',
    'http://app.localhost',
    'http://app.localhost:5173',
    APK,
    `android:apk-key-hash:${'-_'.repeat(21)}A`,
  ])('%s is accepted', (origin) => {
    expect(() => assertConfiguredOrigin(origin, 'expectedOrigin', false)).not.toThrow();
  });

  it.each([
    ['an empty string', ''],
    ['a URL with a path', 'https://example.com/'],
    ['a URL with the default port', 'https://example.com:443'],
    ['no scheme', 'example.com'],
    ['not a URL at all', 'https://'],
    ['a bare word', 'localhost'],
    ['plain http', 'http://example.com'],
    ['http to a host that only starts with localhost', 'http://localhost.example.com'],
    ['http to a host that merely ends in "localhost"', 'http://notlocalhost'],
    ['another scheme', 'ftp://example.com'],
    ['websocket to localhost', 'ws://localhost:8080'],
    ['ftp to localhost', 'ftp://localhost'],
    ['https to localhost with a path', 'https://localhost/x'],
    ['an apk hash one character short', `android:apk-key-hash:${'A'.repeat(42)}`],
    ['an apk hash one character long', `android:apk-key-hash:${'A'.repeat(44)}`],
    ['an apk hash in standard base64', `android:apk-key-hash:${'A'.repeat(42)}+`],
    ['an Android origin of another kind', 'android:facet-id:abc'],
  ])('%s → TypeError', (_, origin) => {
    expect(() => assertConfiguredOrigin(origin, 'expectedOrigin', false)).toThrow(TypeError);
  });

  it('non-string origins are refused even when they stringify to a valid origin', () => {
    for (const origin of [new String(APK), new String('https://example.com'), 42, null, undefined]) {
      expect(() => assertConfiguredOrigin(origin as never, 'expectedOrigin', false)).toThrow(TypeError);
      expect(() => assertConfiguredOrigin(origin as never, 'expectedOrigin', true)).toThrow(TypeError);
    }
  });

  it('dangerouslyAllowInsecureOrigins admits serialised non-secure origins, not malformed ones', () => {
    expect(() => assertConfiguredOrigin('http://example.com', 'expectedOrigin', true)).not.toThrow();
    expect(() => assertConfiguredOrigin('http://192.168.1.2:8080', 'expectedOrigin', true)).not.toThrow();
    expect(() => assertConfiguredOrigin('http://example.com/', 'expectedOrigin', true)).toThrow(TypeError);
    expect(() => assertConfiguredOrigin('', 'expectedOrigin', true)).toThrow(TypeError);
    expect(() => assertConfiguredOrigin('android:apk-key-hash:x', 'expectedOrigin', true)).toThrow(TypeError);
  });
});

describe('compileOrigins', () => {
  it('a single origin matches exactly that origin', () => {
    const m = compileOrigins('https://example.com', 'expectedOrigin', false);
    expect(m('https://example.com')).toBe(true);
    expect(m('https://example.com:443')).toBe(false);
    expect(m('https://evil-example.com')).toBe(false);
  });

  it('a list matches any member exactly, including Android origins', () => {
    const m = compileOrigins(['https://a.example', APK], 'expectedOrigin', false);
    expect(m('https://a.example')).toBe(true);
    expect(m(APK)).toBe(true);
    expect(m('https://b.example')).toBe(false);
  });

  it('a synchronous predicate answers synchronously with its boolean', () => {
    const seen: string[] = [];
    const m = compileOrigins(
      (o) => {
        seen.push(o);
        return o === 'https://ok.example';
      },
      'expectedOrigin',
      false,
    );
    expect(m('https://ok.example')).toBe(true);
    expect(m('https://no.example')).toBe(false);
    expect(seen).toEqual(['https://ok.example', 'https://no.example']);
  });

  it('an async predicate gives a promise of exactly true or false', async () => {
    const m = compileOrigins(async (o) => o === 'https://ok.example', 'expectedOrigin', false);
    const yes = m('https://ok.example');
    expect(yes).toBeInstanceOf(Promise);
    expect(await yes).toBe(true);
    expect(await m('https://no.example')).toBe(false);
  });

  it('a predicate answering a truthy non-boolean counts as no', async () => {
    const sync = compileOrigins(() => 1 as never, 'expectedOrigin', false);
    expect(await sync('https://x.example')).toBe(false);
    const async = compileOrigins(() => Promise.resolve('yes' as never), 'expectedOrigin', false);
    expect(await async('https://x.example')).toBe(false);
  });

  it('configured origins are validated at compile time (insecure only when allowed)', () => {
    expect(() => compileOrigins(['https://ok.example', 'http://example.com'], 'expectedOrigin', false)).toThrow(
      TypeError,
    );
    expect(compileOrigins(['http://example.com'], 'expectedOrigin', true)('http://example.com')).toBe(true);
  });

  it.each([
    ['an empty list', []],
    ['a Set of valid origins', new Set(['https://example.com'])],
    ['a number', 42],
    ['null', null],
    ['an empty string', ''],
  ])('%s → TypeError', (_, expected) => {
    expect(() => compileOrigins(expected as never, 'expectedOrigin', false)).toThrow(TypeError);
  });
});
