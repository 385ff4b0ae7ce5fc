/** security.md §4 #36–#53: clientDataJSON. Every mutation is made before hashing and signing. */
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64, encodeBase64url } from '../../src/encoding/base64url.js';
import { concat, utf8Encode } from '../../src/encoding/bytes.js';
import type { GetAssertionOptions } from '../../src/testing/index.js';
import {
  assertionOutcome,
  authenticate,
  newChallenge,
  ORIGIN,
  outcome,
  prepareAssertion,
  prepareRegistration,
  register,
  registrationOutcome,
} from './harness.js';

type Mut = (c: Record<string, unknown>) => Record<string, unknown>;

/** Runs one clientData mutation through both ceremonies; returns [registration, authentication] outcomes. */
async function both(
  options: { clientData?: Mut; bytes?: (b: Uint8Array) => Uint8Array; get?: Partial<GetAssertionOptions> },
  verify = {},
): Promise<[string, string]> {
  const mutate = {
    ...(options.clientData === undefined ? {} : { clientData: options.clientData }),
    ...(options.bytes === undefined ? {} : { clientDataJSON: options.bytes }),
  };
  const reg = await registrationOutcome({
    authenticator: { attestation: 'packed-self' },
    create: { mutate, ...(options.get as object) },
    verify,
  });
  const auth = await assertionOutcome({ get: { mutate, ...options.get }, verify });
  return [reg, auth];
}

const set =
  (key: string, value: unknown): Mut =>
  (c) => ({ ...c, [key]: value });
const drop =
  (key: string): Mut =>
  (c) => {
    const out = { ...c };
    delete out[key];
    return out;
  };
const text = (s: string) => () => utf8Encode(s);

describe('clientDataJSON (security.md §4 #36–#53)', () => {
  describe('#36 type', () => {
    it('#36 registration response with type webauthn.get', async () => {
      expect(await registrationOutcome({ create: { mutate: { clientData: set('type', 'webauthn.get') } } })).toBe(
        'ERR_CLIENT_DATA_TYPE',
      );
    });
    it('#36 assertion with type webauthn.create', async () => {
      expect(await assertionOutcome({ get: { mutate: { clientData: set('type', 'webauthn.create') } } })).toBe(
        'ERR_CLIENT_DATA_TYPE',
      );
    });
    for (const type of [
      'payment.get',
      'webauthn.get ',
      ' webauthn.get',
      'WebAuthn.get',
      'webauthn.GET',
      'webauthn',
      '',
    ]) {
      it(`#36 type ${JSON.stringify(type)}`, async () => {
        expect(await assertionOutcome({ get: { mutate: { clientData: set('type', type) } } })).toBe(
          'ERR_CLIENT_DATA_TYPE',
        );
      });
    }
    it('#36 type missing or not a string', async () => {
      expect(await both({ clientData: drop('type') })).toEqual(['ERR_CLIENT_DATA_INVALID', 'ERR_CLIENT_DATA_INVALID']);
      expect(await both({ clientData: set('type', ['webauthn.get']) })).toEqual([
        'ERR_CLIENT_DATA_INVALID',
        'ERR_CLIENT_DATA_INVALID',
      ]);
    });
  });

  describe('#37 challenge differs or is re-encoded', () => {
    const variants: Array<[string, (c: string) => string]> = [
      ['another challenge', () => newChallenge()],
      ['std-base64 of the same bytes', (c) => encodeBase64(decodeBase64url(c))],
      ['padded', (c) => `${c}=`],
      ['case-changed', (c) => c.toUpperCase()],
      ['an extra character', (c) => `${c}A`],
      ['one character dropped', (c) => c.slice(0, -1)],
      ['empty', () => ''],
      ['the raw bytes as text', (c) => new TextDecoder().decode(decodeBase64url(c))],
    ];
    for (const [label, change] of variants) {
      it(`#37 ${label}`, async () => {
        const r = await prepareRegistration({ authenticator: { attestation: 'packed-self' } });
        const reg = await r.authenticator.createCredential({
          challenge: change(r.challenge),
          rpId: 'example.com',
          origin: ORIGIN,
        });
        expect(await outcome(r.verify(reg.response))).toBe('ERR_CHALLENGE_MISMATCH');
        const a = await prepareAssertion();
        const got = await a.authenticator.getAssertion({
          credentialId: a.created.credential.id,
          challenge: change(a.challenge),
          rpId: 'example.com',
          origin: ORIGIN,
        });
        expect(await outcome(a.verify(got.response))).toBe('ERR_CHALLENGE_MISMATCH');
      });
    }
    it('#37 challenge missing or not a string', async () => {
      expect(await both({ clientData: drop('challenge') })).toEqual([
        'ERR_CLIENT_DATA_INVALID',
        'ERR_CLIENT_DATA_INVALID',
      ]);
      expect(await both({ clientData: set('challenge', 12) })).toEqual([
        'ERR_CLIENT_DATA_INVALID',
        'ERR_CLIENT_DATA_INVALID',
      ]);
    });
  });

  it('#38 challenge in non-canonical base64url (unused bits set, same bytes)', async () => {
    // A 32-byte challenge is 43 characters: the last one carries 2 unused bits.
    const a = await prepareAssertion();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const c = a.challenge;
    const twin = c.slice(0, -1) + alphabet[alphabet.indexOf(c.at(-1) as string) | 3];
    expect(twin).not.toBe(c);
    const got = await a.authenticator.getAssertion({
      credentialId: a.created.credential.id,
      challenge: twin,
      rpId: 'example.com',
      origin: ORIGIN,
    });
    expect(await outcome(a.verify(got.response))).toBe('ERR_CHALLENGE_MISMATCH');
  });

  const origins: Array<[string, string[]]> = [
    ['#39 scheme http', ['http://example.com']],
    ['#40 another port', ['https://example.com:8443']],
    ['#41 a subdomain or the parent domain', ['https://evil.example.com', 'https://www.example.com', 'https://com']],
    [
      '#42 look-alike hosts',
      [
        'https://example.com.evil.com',
        'https://evilexample.com',
        'https://example.com@evil.com',
        'https://evil.com#https://example.com',
      ],
    ],
    ['#43 a trailing slash or a path', ['https://example.com/', 'https://example.com/login']],
    ['#44 the explicit default port', ['https://example.com:443']],
    [
      '#45 IDN / upper-case host',
      ['https://EXAMPLE.com', 'https://Example.com', 'https://exämple.com', 'HTTPS://example.com'],
    ],
    [
      '#46 "null" and other non-origins',
      ['null', '', ' https://example.com', 'https://example.com ', 'android:apk-key-hash:abc'],
    ],
  ];
  for (const [label, list] of origins) {
    describe(label, () => {
      for (const origin of list) {
        it(`${label.split(' ')[0]} origin ${JSON.stringify(origin)}: REJECT`, async () => {
          expect(await both({ clientData: set('origin', origin) })).toEqual([
            'ERR_ORIGIN_MISMATCH',
            'ERR_ORIGIN_MISMATCH',
          ]);
        });
      }
    });
  }
  it('#45 a punycode origin is accepted when configured in punycode', async () => {
    const origin = 'https://xn--exmple-cua.com';
    const r = await authenticate({ get: { origin }, verify: { expectedOrigin: origin } });
    expect(r.origin).toBe(origin);
  });
  it('#46 origin missing or not a string', async () => {
    expect(await both({ clientData: drop('origin') })).toEqual(['ERR_CLIENT_DATA_INVALID', 'ERR_CLIENT_DATA_INVALID']);
    expect(await both({ clientData: set('origin', null) })).toEqual([
      'ERR_CLIENT_DATA_INVALID',
      'ERR_CLIENT_DATA_INVALID',
    ]);
    expect(await both({ clientData: set('origin', { href: ORIGIN }) })).toEqual([
      'ERR_CLIENT_DATA_INVALID',
      'ERR_CLIENT_DATA_INVALID',
    ]);
  });

  describe('#47 crossOrigin', () => {
    it('#47 true with no iframe policy: REJECT', async () => {
      expect(await both({ get: { crossOrigin: true } })).toEqual(['ERR_CROSS_ORIGIN', 'ERR_CROSS_ORIGIN']);
    });
    it('#47 the string "true": REJECT', async () => {
      expect(await both({ clientData: set('crossOrigin', 'true') })).toEqual([
        'ERR_CLIENT_DATA_INVALID',
        'ERR_CLIENT_DATA_INVALID',
      ]);
    });
    it('#47 1 or null instead of a boolean: REJECT', async () => {
      expect(await both({ clientData: set('crossOrigin', 1) })).toEqual([
        'ERR_CLIENT_DATA_INVALID',
        'ERR_CLIENT_DATA_INVALID',
      ]);
      expect(await both({ clientData: set('crossOrigin', null) })).toEqual([
        'ERR_CLIENT_DATA_INVALID',
        'ERR_CLIENT_DATA_INVALID',
      ]);
    });
    it('#47 false: ACCEPT', async () => {
      expect(await both({ get: { crossOrigin: false } })).toEqual(['accepted', 'accepted']);
    });
    it('#47 true when allowCrossOrigin is set: ACCEPT', async () => {
      expect(await both({ get: { crossOrigin: true } }, { allowCrossOrigin: true })).toEqual(['accepted', 'accepted']);
    });
  });

  describe('#48 topOrigin', () => {
    const TOP = 'https://embedder.example';
    it('#48 present with no iframe policy: REJECT', async () => {
      expect(await both({ get: { crossOrigin: true, topOrigin: TOP } })).toEqual([
        'ERR_CROSS_ORIGIN',
        'ERR_CROSS_ORIGIN',
      ]);
    });
    it('#48 present as null: REJECT', async () => {
      expect(await both({ clientData: set('topOrigin', null) })).toEqual([
        'ERR_CLIENT_DATA_INVALID',
        'ERR_CLIENT_DATA_INVALID',
      ]);
    });
    it('#48 not in the allowlist: REJECT', async () => {
      expect(
        await both({ get: { crossOrigin: true, topOrigin: 'https://evil.example' } }, { expectedTopOrigin: TOP }),
      ).toEqual(['ERR_TOP_ORIGIN_MISMATCH', 'ERR_TOP_ORIGIN_MISMATCH']);
    });
    it('#48 present with crossOrigin false or absent: REJECT', async () => {
      expect(await both({ get: { crossOrigin: false, topOrigin: TOP } }, { expectedTopOrigin: TOP })).toEqual([
        'ERR_CROSS_ORIGIN',
        'ERR_CROSS_ORIGIN',
      ]);
      expect(await both({ get: { topOrigin: TOP } }, { expectedTopOrigin: TOP })).toEqual([
        'ERR_CROSS_ORIGIN',
        'ERR_CROSS_ORIGIN',
      ]);
    });
    it('#48 present, crossOrigin true, allowlisted: ACCEPT', async () => {
      expect(await both({ get: { crossOrigin: true, topOrigin: TOP } }, { expectedTopOrigin: TOP })).toEqual([
        'accepted',
        'accepted',
      ]);
    });
  });

  describe('#49 unknown members, any order, legacy tokenBinding: ACCEPT', () => {
    it('#49 Chrome anti-templating member and unknown members', async () => {
      const clientData = {
        extraMembers: {
          other_keys_can_be_added_here: 'do not compare clientDataJSON against a template. See https://goo.gl/yabPex',
          future: { nested: [1, 2, 3] },
        },
      };
      expect(await both({ get: { clientData } })).toEqual(['accepted', 'accepted']);
    });
    it('#49 reversed member order', async () => {
      const clientData = { memberOrder: ['crossOrigin', 'origin', 'challenge', 'type'] };
      expect(await both({ get: { clientData } })).toEqual(['accepted', 'accepted']);
    });
    it('#49 legacy tokenBinding member', async () => {
      const clientData = { extraMembers: { tokenBinding: { status: 'present', id: 'AAAA' } } };
      expect(await both({ get: { clientData } })).toEqual(['accepted', 'accepted']);
      expect(await both({ get: { clientData: { extraMembers: { tokenBinding: { status: 'supported' } } } } })).toEqual([
        'accepted',
        'accepted',
      ]);
    });
  });

  it('#50 a leading UTF-8 BOM: ACCEPT (stripped to parse, hashed with the raw bytes)', async () => {
    expect(await both({ get: { clientData: { bom: true } } })).toEqual(['accepted', 'accepted']);
  });
  it('#50 a BOM added after signing changes the hash: REJECT', async () => {
    const a = await prepareAssertion();
    const r = a.assertion.response;
    const withBOM = encodeBase64url(
      concat(Uint8Array.of(0xef, 0xbb, 0xbf), decodeBase64url(r.response.clientDataJSON)),
    );
    expect(await outcome(a.verify({ ...r, response: { ...r.response, clientDataJSON: withBOM } }))).toBe(
      'ERR_SIGNATURE_INVALID',
    );
  });

  describe('#51 duplicate JSON members (parser-differential defence)', () => {
    const dup = (key: string, value: string) => (b: Uint8Array) => {
      const s = new TextDecoder().decode(b);
      return utf8Encode(`${s.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`);
    };
    for (const [key, value] of [
      ['challenge', 'AAAA'],
      ['origin', 'https://evil.example'],
      ['type', 'webauthn.get'],
      ['crossOrigin', 'x'],
    ] as const) {
      it(`#51 "${key}" twice`, async () => {
        expect(await both({ bytes: dup(key, value) })).toEqual(['ERR_CLIENT_DATA_INVALID', 'ERR_CLIENT_DATA_INVALID']);
      });
    }
    it('#51 the same member twice through an escape ("\\u0074ype")', async () => {
      const b = (x: Uint8Array) => {
        const s = new TextDecoder().decode(x);
        return utf8Encode(`${s.slice(0, -1)},"\\u0074ype":"webauthn.get"}`);
      };
      expect(await both({ bytes: b })).toEqual(['ERR_CLIENT_DATA_INVALID', 'ERR_CLIENT_DATA_INVALID']);
    });
  });

  describe('#52 invalid JSON, non-object top level, trailing garbage', () => {
    const cases: Array<[string, (b: Uint8Array) => Uint8Array]> = [
      ['empty', text('')],
      ['not JSON', text('webauthn')],
      ['a JSON array', text('["webauthn.get"]')],
      ['a JSON string', text('"x"')],
      ['null', text('null')],
      ['trailing garbage', (b) => concat(b, utf8Encode('x'))],
      ['a second object', (b) => concat(b, utf8Encode('{}'))],
      ['truncated', (b) => b.slice(0, -1)],
      ['single quotes', (b) => utf8Encode(new TextDecoder().decode(b).replaceAll('"', "'"))],
      ['a trailing comma', (b) => utf8Encode(`${new TextDecoder().decode(b).slice(0, -1)},}`)],
      ['a NUL byte at the end', (b) => concat(b, Uint8Array.of(0))],
      [
        'a raw control character inside a string',
        (b) => utf8Encode(new TextDecoder().decode(b).replace('example.com', 'exa\u0001mple.com')),
      ],
      [
        'deeply nested members',
        (b) => utf8Encode(`${new TextDecoder().decode(b).slice(0, -1)},"x":${'['.repeat(100)}${']'.repeat(100)}}`),
      ],
    ];
    for (const [label, f] of cases) {
      it(`#52 ${label}`, async () => {
        expect(await both({ bytes: f })).toEqual(['ERR_CLIENT_DATA_INVALID', 'ERR_CLIENT_DATA_INVALID']);
      });
    }
  });

  describe('#53 escaped forms and insignificant whitespace: ACCEPT', () => {
    it('#53 escaped slashes in the origin', async () => {
      const b = (x: Uint8Array) =>
        utf8Encode(new TextDecoder().decode(x).replace('https://example.com', 'https:\\/\\/example.com'));
      expect(await both({ bytes: b })).toEqual(['accepted', 'accepted']);
    });
    it('#53 \\u escapes in the type', async () => {
      const b = (x: Uint8Array) => utf8Encode(new TextDecoder().decode(x).replace('"webauthn.', '"\\u0077ebauthn.'));
      expect(await both({ bytes: b })).toEqual(['accepted', 'accepted']);
    });
    it('#53 indentation and whitespace around tokens', async () => {
      expect(await both({ get: { clientData: { indent: 2 } } })).toEqual(['accepted', 'accepted']);
      const b = (x: Uint8Array) =>
        utf8Encode(` \t\r\n${new TextDecoder().decode(x).replaceAll('":', '" : ').replaceAll(',"', ' ,\n"')}\n `);
      expect(await both({ bytes: b })).toEqual(['accepted', 'accepted']);
    });
  });

  it('harness check: the unmutated ceremonies verify', async () => {
    expect((await register()).origin).toBe(ORIGIN);
    expect((await authenticate()).origin).toBe(ORIGIN);
  });
});
