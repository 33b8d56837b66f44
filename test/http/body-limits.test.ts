import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BODY_LIMITS, formOverLimit, jsonOverLimit } from '../../src/http/body-limits.js';

/** The counts of src/http/body-limits.ts, made on the raw text: exactly at each limit a body passes, one past it is refused. */
const { fields, depth, keyLength } = BODY_LIMITS;
const object = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`;

describe('body limits, counted before parsing', () => {
  test('a form: its pairs counted by their "&"', () => {
    const form = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `f${i}=x`).join('&'));
    assert.equal(formOverLimit(form(fields)), null);
    assert.equal(formOverLimit(form(fields + 1)), 'fields');
    assert.equal(formOverLimit(Buffer.from('')), null);
    // Escaped, an "&" is a character of a value, not a pair.
    assert.equal(formOverLimit(Buffer.from(`a=${'%26'.repeat(fields * 2)}`)), null);
  });

  test('JSON: keys of every object, and items of lists, count together', () => {
    assert.equal(jsonOverLimit(object(fields)), null);
    assert.equal(jsonOverLimit(object(fields + 1)), 'fields');
    const list = (n: number) => `{"ids":[${Array(n).fill(7).join(',')}]}`;
    assert.equal(jsonOverLimit(list(fields - 1)), null, 'one key and fields − 1 items');
    assert.equal(jsonOverLimit(list(fields)), 'fields');
    // An empty list holds no item: a list of `fields` empty lists is at the limit.
    assert.equal(jsonOverLimit(`[${'[ ],'.repeat(fields - 1)}[]]`), null);
    assert.equal(jsonOverLimit(`[${'[ ],'.repeat(fields)}[]]`), 'fields');
    // Split over many small objects, the total counts.
    assert.equal(jsonOverLimit(`[${Array.from({ length: fields / 2 + 1 }, () => '{"a":1}').join(',')}]`), 'fields');
  });

  test('JSON: nesting, of objects and of lists', () => {
    const objects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const lists = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    assert.equal(jsonOverLimit(objects(depth)), null);
    assert.equal(jsonOverLimit(objects(depth + 1)), 'depth');
    assert.equal(jsonOverLimit(lists(depth)), null);
    assert.equal(jsonOverLimit(lists(depth + 1)), 'depth');
    assert.equal(jsonOverLimit(lists(100_000)), 'depth');
  });

  test('JSON: a key’s length, not a value’s', () => {
    assert.equal(jsonOverLimit(`{"${'k'.repeat(keyLength)}":1}`), null);
    assert.equal(jsonOverLimit(`{"${'k'.repeat(keyLength + 1)}" :1}`), 'keyLength');
    assert.equal(jsonOverLimit(`{"texto":"${'v'.repeat(500_000)}"}`), null, 'a long value is the field rules’ to judge');
  });

  test('JSON: what is inside a string is text, escaped quotes included', () => {
    const noise = '\\":{[,,,]}\\\\';
    assert.equal(jsonOverLimit(`{"a":"${noise.repeat(fields)}"}`), null);
    // The string ends at the quote after an even run of backslashes: what follows is counted again.
    assert.equal(jsonOverLimit(`{"a\\\\":${'['.repeat(depth + 1)}`), 'depth');
    // Not JSON is JSON.parse's to refuse: the count only does not pass it.
    assert.equal(jsonOverLimit('{"a":'), null);
    assert.equal(jsonOverLimit('"never closed'), null);
  });
});
