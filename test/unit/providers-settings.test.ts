import assert from 'node:assert/strict';
import { checkProviderNames, parseProviderSettings, ProviderSettingsError } from '../../src/core/sources/providers/settings';

describe('provider source settings', () => {
  it("defaults the base URL to the provider's own and keeps a name", () => {
    assert.deepEqual(parseProviderSettings({ kind: 'openai' }), { kind: 'openai', baseUrl: 'https://api.openai.com/v1' });
    assert.deepEqual(parseProviderSettings({ kind: 'anthropic', name: ' Acme ', baseUrl: 'https://proxy.example.com ' }), {
      kind: 'anthropic',
      name: 'Acme',
      baseUrl: 'https://proxy.example.com',
    });
  });

  it('refuses base URLs that could leak the key or are not http(s)', () => {
    for (const baseUrl of ['ftp://x', 'not a url', 'https://user:pw@x.example.com', 'https://x.example.com/?a=1']) {
      assert.throws(() => parseProviderSettings({ kind: 'openai', baseUrl }), ProviderSettingsError, baseUrl);
    }
    assert.throws(() => parseProviderSettings({ kind: 'openai', name: 3 }), /"name" of an openai source must be a string/);
  });

  it('asks for distinct names when a kind is configured more than once', () => {
    const a = parseProviderSettings({ kind: 'openai', name: 'Prod' });
    const b = parseProviderSettings({ kind: 'openai', name: 'Research' });
    assert.deepEqual(checkProviderNames([a, b, parseProviderSettings({ kind: 'anthropic' })]), []);
    assert.equal(checkProviderNames([a, parseProviderSettings({ kind: 'openai' })]).length, 1);
    assert.equal(checkProviderNames([a, a]).length, 1);
  });
});
