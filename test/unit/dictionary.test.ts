import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Dictionary } from '../../src/core/dictionary';

describe('Dictionary', () => {
  it('finds the code of an id in the middle of a text exactly as a Map of the ids would, as it grows', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 5 }), { maxLength: 300 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 50 }), (added, asked) => {
        const dictionary = new Dictionary();
        const reference = new Map<string, number>();
        for (const id of added) {
          // Looked up before and after interning, so the table is built early and grows with the ids.
          assert.equal(dictionary.codeOfRange(`<${id}>`, 1, id.length + 1), reference.get(id) ?? -1, id);
          const code = dictionary.intern(id, id);
          if (!reference.has(id)) reference.set(id, code);
        }
        for (const id of [...asked, ...added]) assert.equal(dictionary.codeOfRange(`x,${id},y`, 2, id.length + 2), reference.get(id) ?? -1, id);
        const copy = Dictionary.fromPlain(dictionary.toPlain());
        for (const id of added) assert.equal(copy.codeOfRange(id, 0, id.length), reference.get(id));
      }),
      { numRuns: 300 },
    );
  });
});
