import assert from 'node:assert/strict';
import { validateBaseUrl } from '../../src/commands/sourceInput';
import { fetchUsageEvents } from '../../src/core/sources/http/client';
import { HttpSourceError } from '../../src/core/sources/http/errors';
import { StoreBuilder } from '../../src/core/storeBuilder';

/** Whether the HTTP source takes a base URL. An inverted time range fails right after the URL check, before any request. */
async function sourceAccepts(baseUrl: string): Promise<boolean> {
  try {
    await fetchUsageEvents({ baseUrl, token: undefined, from: 1, to: 0 }, new StoreBuilder());
  } catch (error) {
    assert.ok(error instanceof HttpSourceError && error.kind === 'config', String(error));
    return /time range/.test(error.message);
  }
  assert.fail('an inverted time range was accepted');
}

describe('Configure Data Source… base URL check', () => {
  const urls = [
    'https://usage.example.com/api',
    'http://127.0.0.1:8080/',
    '  https://usage.example.com/api  ',
    'https://usage.example.com/api?team=a',
    'https://usage.example.com/api#events',
    'https://usage.example.com/api?',
    'https://user:secret@usage.example.com/api',
    'ftp://usage.example.com/api',
    'file:///etc/passwd',
    'usage.example.com/api',
    '',
    '   ',
  ];

  for (const url of urls) {
    it(`agrees with the HTTP source on ${JSON.stringify(url)}`, async () => {
      const accepted = await sourceAccepts(url);
      const problem = validateBaseUrl(url);
      assert.equal(problem === undefined, accepted, `input box: ${problem ?? 'accepted'}; source: ${accepted ? 'accepted' : 'rejected'}`);
    });
  }

  it('says what is wrong in words the user can act on', () => {
    assert.match(validateBaseUrl('https://usage.example.com/api?team=a')!, /query/);
    assert.match(validateBaseUrl('https://usage.example.com/api#x')!, /fragment/);
    assert.match(validateBaseUrl('https://a:b@usage.example.com')!, /user name or password/);
    assert.match(validateBaseUrl('nonsense')!, /https:\/\/usage\.example\.com\/api/);
  });
});
