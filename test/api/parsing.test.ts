/**
 * The pure pieces of the API module: the streaming JSON-array splitter, the lenient JSON parser,
 * the Qualys error-body parser and redaction.
 */
import assert from 'node:assert/strict';
import { JsonArraySplitter } from '../../client/src/api/jsonArraySplitter';
import { parseJsonLenient } from '../../client/src/api/lenientJson';
import { parseQualysError, redact } from '../../client/src/api';

/** Feeds `text` in pieces of `size` characters and returns the parsed elements. */
function split(text: string, size: number): unknown[] {
  const s = new JsonArraySplitter();
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  s.end();
  return out.map((e) => parseJsonLenient(e));
}

describe('api/JsonArraySplitter', () => {
  const tricky = [
    { a: 'quote " and backslash \\ and ] } [ { , inside', n: 1 },
    { nested: { deep: [1, [2, [3]], { x: '\\"' }] }, empty: {}, list: [] },
    'a plain string, with comma',
    42,
    null,
    true,
    { unicode: 'é — 漢字 😀', esc: '\u0001\n\t' },
  ];
  const text = JSON.stringify(tricky, null, 1);

  it('yields every element whatever the chunk size (1, 2, 3, 7, 64 and whole)', () => {
    for (const size of [1, 2, 3, 7, 64, text.length]) {
      assert.deepEqual(split(text, size), tricky, `chunk size ${size}`);
    }
  });

  it('accepts an empty array, an empty body and a trailing comma', () => {
    assert.deepEqual(split('[]', 1), []);
    assert.deepEqual(split('  \n ', 1), []);
    assert.deepEqual(split('[{"a":1},\n{"b":2},\n]', 2), [{ a: 1 }, { b: 2 }]);
  });

  it('passes raw newlines inside strings through to the lenient parser (as real exports have them)', () => {
    const raw = '[{"remediation": "line one\nline two", "x": [1,2,],},]';
    assert.deepEqual(split(raw, 5), [{ remediation: 'line one\nline two', x: [1, 2] }]);
  });

  it('reports a truncated array or record', () => {
    const s = new JsonArraySplitter();
    s.push('[{"a":1},{"b":');
    assert.throws(() => s.end(), /ended in the middle of a record/);
    const t = new JsonArraySplitter();
    t.push('[{"a":1}');
    assert.throws(() => t.end(), /before the closing "\]"/);
  });

  it('refuses what is not an array, and junk after the end', () => {
    assert.throws(() => new JsonArraySplitter().push('<html>'), /expected a JSON array/);
    assert.throws(() => new JsonArraySplitter().push('[1] x'), /after the end of the array/);
  });

  it('treats a lone object as one element (an error body)', () => {
    const s = new JsonArraySplitter();
    const out = s.push('{"message":"Invalid input Parameter."}');
    s.end();
    assert.equal(s.wasSingleObject, true);
    assert.deepEqual(out.map((e) => JSON.parse(e)), [{ message: 'Invalid input Parameter.' }]);
  });

  it('refuses a single element larger than its limit', () => {
    const s = new JsonArraySplitter(100);
    assert.throws(() => {
      for (let i = 0; i < 10; i++) s.push(i === 0 ? '[{"a":"' : 'x'.repeat(50));
    }, /larger than/);
  });
});

describe('api/lenient JSON', () => {
  it('parses strict JSON unchanged and repairs raw control characters and trailing commas', () => {
    assert.deepEqual(parseJsonLenient('{"a":[1,2]}'), { a: [1, 2] });
    assert.deepEqual(parseJsonLenient('{"a": "x\ny\tz", "b": [1, 2, ], }'), { a: 'x\ny\tz', b: [1, 2] });
  });

  it('keeps commas and brackets inside strings', () => {
    assert.deepEqual(parseJsonLenient('{"a": "1, ]", "b": "\\", }",}'), { a: '1, ]', b: '", }' });
  });

  it('still rejects what is not JSON', () => {
    assert.throws(() => parseJsonLenient('{"a": }'), SyntaxError);
  });
});

describe('api/parseQualysError', () => {
  it('reads every documented error body', () => {
    assert.deepEqual(
      parseQualysError('{"authentication_exceptions":[["Authentication Failure: Bad credentials, org.springframework.security.authentication.InvalidCredentialsException"]]}'),
      { message: 'Authentication Failure: Bad credentials, org.springframework.security.authentication.InvalidCredentialsException', code: undefined },
    );
    assert.equal(parseQualysError('{"status":401,"error":"Unauthorized","message":"JWT expired"}').message, 'JWT expired');
    assert.deepEqual(
      parseQualysError('[{"response":{"datetime":"2024-01-01T00:00:00Z","code":1905,"text":"parameter policy_ids has invalid value: abc"}}]'),
      { message: 'parameter policy_ids has invalid value: abc', code: 1905 },
    );
    assert.equal(parseQualysError('{"message":"Invalid input Parameter."}').message, 'Invalid input Parameter.');
    assert.equal(parseQualysError('{"policyId":"9","error":"Error: Compliance Policy does not exist."}').message, 'Error: Compliance Policy does not exist.');
    assert.equal(parseQualysError('Service Unavailable\n').message, 'Service Unavailable');
    assert.equal(parseQualysError('<html><head><style>x{}</style></head><body><h1>502 Bad Gateway</h1></body></html>').message, '502 Bad Gateway');
    assert.deepEqual(parseQualysError(''), {});
  });
});

describe('api/redact', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';
  it('strips Authorization headers, Bearer tokens, JWTs and passwords', () => {
    const text = `Authorization: Bearer ${jwt}\nusername=u&password=hunter2&token=true {"password":"p@ss"} and ${jwt}`;
    const out = redact(text);
    assert.ok(!out.includes(jwt.split('.')[2]), out);
    assert.ok(!out.includes('hunter2'), out);
    assert.ok(!out.includes('p@ss'), out);
    assert.match(out, /token=true/);
    assert.equal(redact('bearer abc.def-ghi'), 'bearer [redacted]');
  });

  it('also removes known secrets verbatim', () => {
    assert.equal(redact('server echoed S3cret-pw back', ['S3cret-pw']), 'server echoed [redacted] back');
  });
});
