import fc from 'fast-check';
import type { FieldRule } from '../../src/domain/input.js';
import { isIsoDate } from '../../src/domain/dates.js';

/**
 * Hostile values for one field, each one that the field's rule (src/domain/input.ts) must refuse, and
 * the bodies that carry them: urlencoded for the HTML forms (a repeated key, raw bytes), JSON text for
 * the API (a key written twice, lone surrogates, raw bytes, the wrong JSON type).
 */
export type Hostile =
  /** A value: a string (any text), or, in JSON only, any JSON value (array, object, number, boolean). */
  | { value: unknown }
  /** Text with raw bytes in the middle that are not UTF-8. */
  | { bytes: number[] }
  /** The field sent twice (forms: a=1&a=2; JSON: the key twice in the text, the hostile one last). */
  | { twice: unknown };

export type Encoding = 'form' | 'json';

/** Bodies past fastify's limit (1 MiB) are refused before they are read: no field can be named then. */
export const BODY_LIMIT = 1_048_576;

const CONTROL = [...Array.from({ length: 9 }, (_, i) => i), 0x0b, 0x0c, ...Array.from({ length: 18 }, (_, i) => 0x0e + i), 0x7f].map((c) =>
  String.fromCharCode(c),
);
const NOT_UTF8 = [
  [0xff],
  [0xfe],
  [0x80],
  [0xc3],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
];
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'];
const wordy = fc.string({ maxLength: 12, unit: fc.constantFrom(...[...'abcñ é😀-']) }).map((s) => `a${s}b`);

/** Any JSON value that is not a string: what a client sends when it gets the type wrong. */
const notAString = fc.oneof(
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.integer().map((n) => n),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);
const arrayOrObject = fc.oneof(
  fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 2 }),
);

const inMiddle = (s: string) => fc.tuple(wordy, wordy).map(([a, b]) => `${a}${s}${b}`);
// Raw bytes: a form's %XX escapes of bytes that are not UTF-8 are kept as typed ("%C0%AF", which is text), so only raw ones are hostile.
const bytesInText = (_json: boolean) => fc.constantFrom(...NOT_UTF8).map((bytes): Hostile => ({ bytes }));

function hostileText(rule: Extract<FieldRule, { type: 'text' }>, json: boolean): fc.Arbitrary<Hostile> {
  const sizes = [rule.max + 1, rule.max + 7, 200_000, BODY_LIMIT + 10].filter((n, i, all) => all.indexOf(n) === i);
  const controls = rule.multiline ? CONTROL : [...CONTROL, '\n', '\r', '\r\n'];
  const options: fc.Arbitrary<Hostile>[] = [
    fc
      .tuple(fc.constantFrom(...sizes), fc.constantFrom('x', 'ñ', '😀', '\u0301a'))
      .map(([n, unit]) => ({ value: unit.repeat(Math.ceil(n / [...unit].length)) })),
    fc
      .constantFrom(...controls)
      .chain(inMiddle)
      .map((value) => ({ value })),
    bytesInText(json),
  ];
  if (json)
    options.push(
      fc
        .constantFrom(...LONE_SURROGATES)
        .chain(inMiddle)
        .map((value) => ({ value })),
      notAString.map((value) => ({ value })),
    );
  options.push(fc.oneof(...options.slice(0, 2)).map((h) => ({ twice: (h as { value: unknown }).value })));
  return fc.oneof(...options);
}

const IMPOSSIBLE_DATES = [
  '2016-02-30',
  '2015-02-29',
  '2015-13-01',
  '0000-00-00',
  '2016-00-10',
  '2016-01-32',
  '2016-1-1',
  '16-01-01',
  '2016/01/01',
  '01/02/2016',
  '2016-01-01T00:00:00Z',
  '+002016-01-01',
  '２０１６-０１-０１',
  '2016-01-01\u0000',
  'hoy',
  '2016-02-29x',
  '-2016-01-01',
  '99999-01-01',
];

function hostileDate(json: boolean): fc.Arbitrary<Hostile> {
  const options: fc.Arbitrary<Hostile>[] = [
    fc.constantFrom(...IMPOSSIBLE_DATES).map((value) => ({ value })),
    fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
      .filter((s) => !isIsoDate(s))
      .map((value) => ({ value })),
    bytesInText(json),
    fc.constantFrom(...IMPOSSIBLE_DATES).map((v) => ({ twice: v })),
  ];
  if (json) options.push(fc.oneof(arrayOrObject, fc.integer({ min: 1, max: 99_999_999 }), fc.boolean()).map((value) => ({ value })));
  return fc.oneof(...options);
}

const NAN_LIKE = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e3',
  '1e999',
  '0x1F',
  '1_000',
  '١٢',
  '12abc',
  '1 2',
  '--1',
  '+5',
  '.5',
  '5.',
  '1,2,3',
  '∞',
  '9'.repeat(400),
  '١',
];

function hostileNumber(rule: Extract<FieldRule, { type: 'int' | 'number' }>, json: boolean): fc.Arbitrary<Hostile> {
  const outside = fc.oneof(
    fc.double({ min: -1e300, max: rule.min - 1, noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: rule.max + 1, max: 1e300, noNaN: true, noDefaultInfinity: true }),
    // Past 32 bits is outside an id's range, not a measurement's (±10¹²): only the ones outside this rule's.
    fc.constantFrom(
      ...[rule.min - 1, rule.max + 1, -(2 ** 53), 2 ** 53 + 2, -2_147_483_649, 2_147_483_648].filter((n) => n < rule.min || n > rule.max),
    ),
  );
  const options: fc.Arbitrary<Hostile>[] = [
    outside.map((n) => ({ value: String(n) })),
    fc.constantFrom(...NAN_LIKE, ...(rule.type === 'int' ? [`${rule.min}.5`, `${rule.min},5`] : [])).map((value) => ({ value })),
    bytesInText(json),
    outside.map((n) => ({ twice: String(n) })),
  ];
  if (json)
    options.push(
      outside.map((value) => ({ value })),
      arrayOrObject.map((value) => ({ value })),
      fc.boolean().map((value) => ({ value })),
    );
  return fc.oneof(...options);
}

function hostileChoice(rule: Extract<FieldRule, { type: 'choice' }>, json: boolean): fc.Arbitrary<Hostile> {
  const first = rule.values[0]!;
  const options: fc.Arbitrary<Hostile>[] = [
    fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => s.trim() !== '' && !rule.values.includes(s.trim()))
      .map((value) => ({ value })),
    fc
      .constantFrom(
        first.toUpperCase(),
        `${first}\u0000`,
        `x${first}`,
        `${first}${first}`,
        first.replace(/./, 'Ⅹ'),
        '__proto__',
        'constructor',
      )
      .filter((v) => !rule.values.includes(v.trim()))
      .map((value) => ({ value })),
    bytesInText(json),
    // Twice: in a form any repeat is refused; in JSON the last one counts, so it is the wrong one.
    fc.constant({ twice: `${first}?` }),
  ];
  if (json)
    options.push(
      arrayOrObject.map((value) => ({ value })),
      fc.integer({ min: 100, max: 1e9 }).map((value) => ({ value })),
    );
  return fc.oneof(...options);
}

function hostileIds(rule: Extract<FieldRule, { type: 'ids' }>, json: boolean): fc.Arbitrary<Hostile> {
  const bad = fc.constantFrom('abc', '0', '-1', '1.5', '12345678901', '1e3', '٣', 'NaN', ' x ');
  const options: fc.Arbitrary<Hostile>[] = [
    bad.map((value) => ({ value })),
    fc.tuple(bad, fc.integer({ min: 1, max: 99 })).map(([b, n]) => ({ value: `${n},${b}` })),
    fc.constant({ value: Array.from({ length: rule.max + 1 }, (_, i) => String(i + 1)).join(',') }),
  ];
  if (json)
    options.push(
      fc.tuple(bad, fc.integer({ min: 1, max: 99 })).map(([b, n]) => ({ value: [n, b] })),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), fc.integer(), { minKeys: 1, maxKeys: 2 }).map((value) => ({ value })),
    );
  return fc.oneof(...options);
}

export function hostileFor(rule: FieldRule, encoding: Encoding): fc.Arbitrary<Hostile> {
  const json = encoding === 'json';
  switch (rule.type) {
    case 'text':
      return hostileText(rule, json);
    case 'date':
      return hostileDate(json);
    case 'int':
    case 'number':
      return hostileNumber(rule, json);
    case 'choice':
      return hostileChoice(rule, json);
    case 'ids':
      return hostileIds(rule, json);
  }
}

/** Field names no route has, among them the names every JavaScript object answers to. */
export const unknownFieldName = (known: readonly string[]) =>
  fc
    .oneof(
      fc.constantFrom(
        'constructor',
        'toString',
        'hasOwnProperty',
        'valueOf',
        'isAdmin',
        'id',
        'role',
        'agency_id',
        'published',
        'created_by',
      ),
      fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/),
    )
    .filter((k) => !known.includes(k) && k !== '_csrf' && k !== 'version');

/** One entry of a body: a key and what it carries. */
export type Entry = [key: string, value: Hostile];

const formValue = (v: unknown) => encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v));

/** The bytes of a body with these entries, in this order (a key may come twice). */
export function encodeBody(entries: Entry[], encoding: Encoding): Buffer {
  const parts: Buffer[] = [];
  const text = (s: string) => parts.push(Buffer.from(s, 'utf8'));
  if (encoding === 'form') {
    entries.forEach(([key, h], i) => {
      if (i > 0) text('&');
      text(`${encodeURIComponent(key)}=`);
      if ('bytes' in h) {
        text('a');
        parts.push(Buffer.from(h.bytes));
        text('b');
      } else if ('twice' in h) {
        text(`${formValue('válido')}&${encodeURIComponent(key)}=${formValue(h.twice)}`);
      } else if (Array.isArray(h.value)) {
        // A list in a form is the key repeated.
        text((h.value as unknown[]).map((v) => formValue(v)).join(`&${encodeURIComponent(key)}=`));
      } else text(formValue(h.value));
    });
    return Buffer.concat(parts);
  }
  text('{');
  entries.forEach(([key, h], i) => {
    if (i > 0) text(',');
    text(`${JSON.stringify(key)}:`);
    if ('bytes' in h) {
      text('"a');
      parts.push(Buffer.from(h.bytes));
      text('b"');
    } else if ('twice' in h) text(`"válido",${JSON.stringify(key)}:${JSON.stringify(h.twice)}`);
    else text(JSON.stringify(h.value));
  });
  text('}');
  return Buffer.concat(parts);
}

/**
 * Bodies whose shape, not any one value, is the attack (issue 17): many keys, keys nested deep, a key
 * of 100 KB. Each fits under BODY_LIMIT, so it is read; what it may cost is bounded by the body caps
 * (src/http/body-limits.ts): the answer's size and time do not grow with it. Made once per encoding.
 */
export interface Shape {
  what: string;
  body: Buffer;
}

const shapes = new Map<Encoding, Shape[]>();

export function bigShapes(encoding: Encoding): Shape[] {
  let made = shapes.get(encoding);
  if (made) return made;
  const names = (n: number) => Array.from({ length: n }, (_, i) => i.toString(36));
  const longKey = 'k'.repeat(100_000);
  const deep = 10_000;
  made =
    encoding === 'form'
      ? [
          {
            what: '100 000 fields',
            body: Buffer.from(
              names(100_000)
                .map((k) => `${k}=`)
                .join('&'),
            ),
          },
          { what: `a key nested ${deep} deep (a[b][b]…)`, body: Buffer.from(`a${'[b]'.repeat(deep)}=1`) },
          { what: 'a key of 100 KB', body: Buffer.from(`${longKey}=1`) },
          { what: 'one field sent 100 000 times', body: Buffer.from(Array.from({ length: 100_000 }, () => 'ids=1').join('&')) },
        ]
      : [
          {
            what: '100 000 keys',
            body: Buffer.from(
              `{${names(100_000)
                .map((k) => `"${k}":0`)
                .join(',')}}`,
            ),
          },
          { what: `objects nested ${deep} deep`, body: Buffer.from(`${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}`) },
          { what: `lists nested ${deep} deep`, body: Buffer.from(`{"a":${'['.repeat(deep)}${']'.repeat(deep)}}`) },
          { what: 'a key of 100 KB', body: Buffer.from(`{"${longKey}":1}`) },
          { what: 'a list of 100 000 items', body: Buffer.from(`{"candidateIds":[${Array(100_000).fill(1).join(',')}]}`) },
        ];
  for (const s of made) if (s.body.length > BODY_LIMIT) throw new Error(`${s.what}: ${s.body.length} bytes, past the body limit`);
  shapes.set(encoding, made);
  return made;
}
