import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkFields, type FieldRule } from '../../src/domain/input.js';
import { fieldErrorText } from '../../src/i18n/workspace.js';
import { adminFieldText } from '../../src/i18n/admin.js';

/** What the route fuzz (test/security/fuzz-writes.test.ts) found in checkFields, each pinned here. */
const RULES: Record<string, FieldRule> = {
  title: { type: 'text', required: true, max: 100 },
  notes: { type: 'text', max: 100, multiline: true },
  on: { type: 'date' },
  count: { type: 'int', min: 0, max: 10 },
};

const codeOf = (input: Record<string, unknown>, field: string) => checkFields(input, RULES).errors.find((e) => e.field === field)?.code;

describe('checkFields refuses what is not text a person typed', () => {
  test('lone surrogates and U+FFFD (bytes that were not UTF-8) are refused, naming the field', () => {
    for (const bad of ['a\ud800b', 'a\udfffb', 'fin\ud83d', 'a\ufffdb']) {
      assert.equal(codeOf({ title: bad }, 'title'), 'control_chars', JSON.stringify(bad));
      assert.equal(codeOf({ title: 'ok', notes: bad }, 'notes'), 'control_chars', JSON.stringify(bad));
    }
    // A whole pair is a character like any other.
    assert.deepEqual(checkFields({ title: 'Bien 😀' }, RULES).errors, []);
  });

  test('a JSON number or boolean where a text or a date goes is refused, not turned into "5"', () => {
    assert.equal(codeOf({ title: 5 }, 'title'), 'invalid_choice');
    assert.equal(codeOf({ title: true }, 'title'), 'invalid_choice');
    assert.equal(codeOf({ title: 'ok', on: 20160101 }, 'on'), 'invalid_choice');
    // Numbers stay numbers for number fields.
    assert.deepEqual(checkFields({ title: 'ok', count: 5 }, RULES).values.count, 5);
  });

  test('"constructor", "toString" and the like are unknown fields, named as sent', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const { errors } = checkFields({ title: 'ok', [key]: '1' }, RULES);
      assert.deepEqual(errors, [{ field: key, code: 'unknown_field' }], key);
      assert.match(fieldErrorText('es', errors[0]!), new RegExp(`«${key}»`));
      assert.doesNotMatch(fieldErrorText('en', errors[0]!), /native code/);
      assert.match(adminFieldText('es', 'agency', errors[0]!), new RegExp(`«${key}»`));
    }
  });
});
