import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkFields, MORE_UNKNOWN, UNKNOWN_FIELDS_NAMED, type FieldRule } from '../../src/domain/input.js';
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

describe('an answer does not grow with the fields sent (issue 17)', () => {
  test('unknown fields: the first 5 named, the rest counted in one error ("and N more"), in both languages', () => {
    const input: Record<string, unknown> = { title: 'ok' };
    for (let i = 0; i < 10_000; i++) input[`campo${i}`] = 'x';
    const { errors } = checkFields(input, RULES);
    assert.deepEqual(
      errors.slice(0, UNKNOWN_FIELDS_NAMED).map((e) => e.field),
      ['campo0', 'campo1', 'campo2', 'campo3', 'campo4'],
    );
    assert.deepEqual(errors.slice(UNKNOWN_FIELDS_NAMED), [{ field: MORE_UNKNOWN, code: 'more_unknown_fields', limit: 9_995 }]);
    assert.equal(fieldErrorText('es', errors[5]!), 'Y 9995 campo(s) más que no existen o no pueden cambiarse aquí.');
    assert.equal(fieldErrorText('en', errors[5]!), 'And 9995 more field(s) that do not exist or cannot be changed here.');
    // Five unknown ones are all named, and nothing more is said.
    const five = checkFields({ title: 'ok', a: 1, b: 1, c: 1, d: 1, e: 1 }, RULES).errors;
    assert.deepEqual(
      five.map((e) => e.code),
      Array(5).fill('unknown_field'),
    );
  });

  test('a field name is repeated at most 60 characters long', () => {
    const { errors } = checkFields({ title: 'ok', [`${'n'.repeat(100_000)}`]: '1' }, RULES);
    assert.equal(errors[0]!.field, `${'n'.repeat(60)}…`);
    assert.ok(fieldErrorText('es', errors[0]!).length < 200);
  });
});
