import { describe, expect, it } from 'vitest';
import {
  createRelatedOriginsDocument,
  heuristicRegistrableDomain,
  relatedOriginsResponse,
} from '../../src/relying-party/related-origins.js';

describe('related origins (/.well-known/webauthn, L3 §5.11)', () => {
  it('builds the document and counts labels of registrable domains', () => {
    const result = createRelatedOriginsDocument({
      origins: [
        'https://example.co.uk',
        'https://shop.example.de',
        'https://example.com:8443',
        'https://example-travel.com',
      ],
    });
    expect(result.document).toEqual({
      origins: [
        'https://example.co.uk',
        'https://shop.example.de',
        'https://example.com:8443',
        'https://example-travel.com',
      ],
    });
    expect(result.labels).toEqual(['example', 'example-travel']);
  });

  it('allows 5 distinct labels and refuses a 6th, which clients would ignore', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map((l) => `https://${l}.com`);
    expect(
      createRelatedOriginsDocument({ origins: [...five, 'https://a.net', 'https://www.b.org'] }).labels,
    ).toHaveLength(5);
    expect(() => createRelatedOriginsDocument({ origins: [...five, 'https://f.com'] })).toThrow(RangeError);
    expect(createRelatedOriginsDocument({ origins: [...five, 'https://f.com'], maxLabels: 6 }).labels).toHaveLength(6);
  });

  it('refuses non-origins, http, duplicates and hosts without a registrable domain', () => {
    for (const bad of [
      'https://example.com/',
      'https://example.com/path',
      'http://example.com',
      'example.com',
      'https://localhost',
      'https://127.0.0.1',
    ]) {
      expect(() => createRelatedOriginsDocument({ origins: [bad] }), bad).toThrow(TypeError);
    }
    expect(() => createRelatedOriginsDocument({ origins: ['https://a.com', 'https://a.com'] })).toThrow(TypeError);
    expect(() => createRelatedOriginsDocument({ origins: [] })).toThrow(TypeError);
  });

  it('uses an injected registrable-domain function', () => {
    const psl = (host: string): string | undefined =>
      host.endsWith('.github.io') ? host.split('.').slice(-3).join('.') : heuristicRegistrableDomain(host);
    expect(
      createRelatedOriginsDocument({
        origins: ['https://alice.github.io', 'https://bob.github.io'],
        registrableDomain: psl,
      }).labels,
    ).toEqual(['alice', 'bob']);
  });

  it('heuristic registrable domains', () => {
    expect(heuristicRegistrableDomain('a.b.example.com')).toBe('example.com');
    expect(heuristicRegistrableDomain('shop.example.com.au')).toBe('example.com.au');
    expect(heuristicRegistrableDomain('example.co.uk')).toBe('example.co.uk');
    expect(heuristicRegistrableDomain('co.uk')).toBeUndefined();
    expect(heuristicRegistrableDomain('localhost')).toBeUndefined();
  });

  it('serves the document as JSON', async () => {
    const response = relatedOriginsResponse({ origins: ['https://example.de'] });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ origins: ['https://example.de'] });
  });
});
