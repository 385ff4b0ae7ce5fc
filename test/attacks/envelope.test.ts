/** security.md §4 #1–#5: the response envelope and its encoding. */
import { describe, expect, it } from 'vitest';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../src/verify/index.js';
import { b64u, outcome, prepareAssertion, prepareRegistration } from './harness.js';

type AnyJSON = Record<string, unknown>;

/** Sets the unused low bits of the last base64url character (same bytes, non-canonical text). */
function withUnusedBits(s: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const mask = s.length % 4 === 2 ? 0x0f : s.length % 4 === 3 ? 0x03 : 0;
  if (mask === 0) throw new Error('no unused bits in this length');
  const last = alphabet.indexOf(s[s.length - 1] as string);
  return s.slice(0, -1) + alphabet[last | mask];
}

describe('envelope (security.md §4 #1–#5)', () => {
  describe('#1 type is not "public-key"', () => {
    for (const type of ['public-key ', 'Public-Key', 'password', '', undefined, 1]) {
      it(`#1 registration with type ${JSON.stringify(type)}`, async () => {
        const p = await prepareRegistration();
        const response = { ...p.created.response, type } as unknown as RegistrationResponseJSON;
        expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
      });
      it(`#1 authentication with type ${JSON.stringify(type)}`, async () => {
        const p = await prepareAssertion();
        const response = { ...p.assertion.response, type } as unknown as AuthenticationResponseJSON;
        expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
      });
    }
  });

  describe('#2 id is not base64url(rawId)', () => {
    it('#2 registration: id names another credential', async () => {
      const p = await prepareRegistration();
      const response = { ...p.created.response, id: b64u(new Uint8Array(32).fill(7)) };
      expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
    });
    it('#2 authentication: id of the victim credential, rawId of the signer (GitLab class)', async () => {
      const p = await prepareAssertion();
      const response = { ...p.assertion.response, rawId: b64u(new Uint8Array(32).fill(7)) };
      expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
    });
    it('#2 authentication: id is the same bytes in non-canonical base64url', async () => {
      const p = await prepareAssertion();
      const response = { ...p.assertion.response, id: withUnusedBits(p.assertion.response.id) };
      expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
    });
  });

  it('#3 registration: the credentialId in authData differs from rawId (id = rawId = another id)', async () => {
    const other = b64u(new Uint8Array(32).fill(9));
    const p = await prepareRegistration({
      create: { mutate: { response: (r) => ({ ...r, id: other, rawId: other }) } },
    });
    expect(await outcome(p.verify())).toBe('ERR_CREDENTIAL_MISMATCH');
  });

  describe('#4 a required member is missing or has the wrong JSON type (typed error, never TypeError)', () => {
    const badValues: Array<[string, unknown]> = [
      ['missing', undefined],
      ['a number', 42],
      ['an array', ['AAAA']],
      ['null', null],
      ['an object', {}],
    ];
    for (const member of ['clientDataJSON', 'attestationObject'] as const) {
      for (const [label, value] of badValues) {
        it(`#4 registration response.${member} ${label}`, async () => {
          const p = await prepareRegistration();
          const inner: AnyJSON = { ...p.created.response.response, [member]: value };
          if (value === undefined) delete inner[member];
          const response = { ...p.created.response, response: inner } as unknown as RegistrationResponseJSON;
          expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
        });
      }
    }
    for (const member of ['clientDataJSON', 'authenticatorData', 'signature'] as const) {
      for (const [label, value] of badValues) {
        it(`#4 authentication response.${member} ${label}`, async () => {
          const p = await prepareAssertion();
          const inner: AnyJSON = { ...p.assertion.response.response, [member]: value };
          if (value === undefined) delete inner[member];
          const response = { ...p.assertion.response, response: inner } as unknown as AuthenticationResponseJSON;
          expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
        });
      }
    }
    for (const [member, value] of [
      ['rawId', 5],
      ['rawId', null],
      ['id', undefined],
      ['response', null],
      ['response', 'x'],
      ['clientExtensionResults', []],
      ['clientExtensionResults', 'x'],
      ['authenticatorAttachment', 'usb'],
    ] as Array<[string, unknown]>) {
      it(`#4 both: ${member} = ${JSON.stringify(value)}`, async () => {
        const r = await prepareRegistration();
        const a = await prepareAssertion();
        const reg = { ...r.created.response, [member]: value } as unknown as RegistrationResponseJSON;
        const auth = { ...a.assertion.response, [member]: value } as unknown as AuthenticationResponseJSON;
        expect(await outcome(r.verify(reg))).toBe('ERR_INVALID_RESPONSE');
        expect(await outcome(a.verify(auth))).toBe('ERR_INVALID_RESPONSE');
      });
    }
    it('#4 authentication: userHandle of the wrong type', async () => {
      const p = await prepareAssertion();
      const response = {
        ...p.assertion.response,
        response: { ...p.assertion.response.response, userHandle: 12 },
      } as unknown as AuthenticationResponseJSON;
      expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
    });
    it('#4 the response is not an object', async () => {
      const p = await prepareAssertion();
      for (const bad of [null, 'string', [], 7]) {
        expect(await outcome(p.verify(bad as unknown as AuthenticationResponseJSON))).toBe('ERR_INVALID_RESPONSE');
      }
    });
  });

  describe('#5 base64url members must be canonical', () => {
    const variants: Array<[string, (s: string) => string]> = [
      ['std-base64 "+"', (s) => `${s}+`],
      ['std-base64 "/"', (s) => `/${s}`],
      ['"=" padding', (s) => (s.length % 4 === 0 ? `${s}==` : s + '='.repeat(4 - (s.length % 4)))],
      ['whitespace', (s) => `${s.slice(0, 4)} ${s.slice(4)}`],
      ['line break', (s) => `${s.slice(0, 4)}\n${s.slice(4)}`],
      ['a "." character', (s) => `${s.slice(0, 4)}.${s.slice(4)}`],
    ];
    for (const [label, f] of variants) {
      it(`#5 registration clientDataJSON with ${label}`, async () => {
        const p = await prepareRegistration();
        const r = p.created.response;
        const response = { ...r, response: { ...r.response, clientDataJSON: f(r.response.clientDataJSON) } };
        expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
      });
      it(`#5 authentication signature with ${label}`, async () => {
        const p = await prepareAssertion();
        const r = p.assertion.response;
        const response = { ...r, response: { ...r.response, signature: f(r.response.signature) } };
        expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
      });
    }
    it('#5 rawId (32 bytes) with non-zero unused trailing bits', async () => {
      const p = await prepareAssertion();
      const id = withUnusedBits(p.assertion.response.rawId);
      const response = { ...p.assertion.response, id, rawId: id };
      expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
    });
    it('#5 authenticatorData (37 bytes) with non-zero unused trailing bits', async () => {
      const p = await prepareAssertion();
      const r = p.assertion.response;
      const response = {
        ...r,
        response: { ...r.response, authenticatorData: withUnusedBits(r.response.authenticatorData) },
      };
      expect(await outcome(p.verify(response))).toBe('ERR_INVALID_RESPONSE');
    });
  });
});
