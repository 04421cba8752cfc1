import * as assert from 'node:assert/strict';
import { compilePcre, compilePcreUncached, MATCHER_TIMEOUTS, type PcreMatcher } from '../../../server/src/service/pcre';

function matcher(pattern: string): PcreMatcher {
  const r = compilePcre(pattern);
  if (!r.ok) assert.fail(`'${pattern}' did not compile: ${r.message}`);
  return r.regex;
}

describe('pcre: PCRE patterns as safe matchers', () => {
  // [pattern, text, expected match, expected engine]
  const table: [string, string, boolean, 'linear' | 'backtracking'][] = [
    // inline flags
    ['(?i)^permitrootlogin\\s+no$', 'PermitRootLogin no', true, 'linear'],
    ['^permitrootlogin', 'PermitRootLogin no', false, 'linear'],
    ['a(?i:b)c', 'aBc', true, 'linear'],
    ['a(?i:b)c', 'aBC', false, 'linear'],
    ['(?i)a(?-i)b', 'Ab', true, 'linear'],
    ['(?i)a(?-i)b', 'AB', false, 'linear'],
    ['(a|b(?i)c)d', 'bCd', true, 'linear'], // (?i) reaches the end of its group only
    ['(a|b(?i)c)d', 'bCD', false, 'linear'],
    ['(?i)[a-c]+', 'ABC', true, 'linear'],
    ['(?i)[^a]', 'A', false, 'linear'],
    ['(?s)a.b', 'a\nb', true, 'linear'],
    ['a.b', 'a\nb', false, 'linear'],
    ['(?m)^b$', 'a\nb\nc', true, 'linear'],
    ['^b$', 'a\nb\nc', false, 'linear'],
    ['(?x) a  b # comment', 'ab', true, 'linear'],
    ['(?x)a [ ] b', 'a b', true, 'linear'], // white space inside a class stays significant
    ['(?U)a+', 'a', true, 'linear'],
    // anchors
    ['\\Aabc\\z', 'abc', true, 'linear'],
    ['\\Aabc\\z', 'abc\n', false, 'linear'],
    ['\\Aabc\\Z', 'abc\n', true, 'linear'],
    ['abc$', 'abc\n', true, 'linear'], // PCRE's $ also matches before a final newline
    ['^abc', 'xabc', false, 'linear'],
    ['\\bno\\b', 'say no now', true, 'linear'],
    ['\\Bno', 'say no', false, 'linear'],
    ['abc$d', 'abc\nd', false, 'backtracking'],
    // escapes
    ['a\\h+b', 'a \tb', true, 'linear'],
    ['a\\h+b', 'a\nb', false, 'linear'],
    ['a\\vb', 'a\nb', true, 'linear'], // PCRE's \v is vertical white space
    ['^\\s$', '\x0b', true, 'linear'],
    ['\\x{41}\\x42\\101', 'ABA', true, 'linear'],
    ['\\Qa.b*\\E', 'a.b*', true, 'linear'],
    ['\\Qa.b\\E', 'axb', false, 'linear'],
    ['[\\Q]\\E]', ']', true, 'linear'],
    ['a\\Kb', 'ab', true, 'linear'],
    ['\\R', '\r\n', true, 'linear'],
    ['\\p{Lu}', 'A', true, 'linear'],
    ['\\p{Greek}', 'α', true, 'linear'],
    ['\\P{L}', 'a', false, 'linear'],
    // classes
    ['^[[:alpha:]]+$', 'abcXYZ', true, 'linear'],
    ['^[[:alpha:]]+$', 'abc1', false, 'linear'],
    ['^[[:^digit:]]+$', 'abc', true, 'linear'],
    ['^[[:space:][:digit:]]+$', ' 1 2', true, 'linear'],
    ['[]a]', ']', true, 'linear'],
    ['[a-]', '-', true, 'linear'],
    ['[\\d-z]', '-', true, 'linear'],
    // quantifiers
    ['a{2,3}', 'aa', true, 'linear'],
    ['^a{2}$', 'aaa', false, 'linear'],
    ['x{', 'x{', true, 'linear'], // a '{' that starts no quantifier is a literal
    ['^a{1001}$', 'a'.repeat(1001), true, 'backtracking'],
    // possessive quantifiers and atomic groups
    ['^a++a', 'aaaa', false, 'backtracking'],
    ['^a+a', 'aaaa', true, 'linear'],
    ['^(?>a+)a', 'aaaa', false, 'backtracking'],
    ['^(?>a|ab)c', 'abc', false, 'backtracking'],
    ['^(?:a|ab)c', 'abc', true, 'linear'],
    ['^\\d++$', '123', true, 'linear'], // nothing a digit could give back would let $ match
    ['"[^"]*+"', 'say "hi"', true, 'linear'],
    ['^(?>\\w+)$', 'word', true, 'linear'],
    // backreferences and lookaround (backtracking engine, under a budget)
    ['(a)\\1', 'aa', true, 'backtracking'],
    ['(a)\\1', 'ab', false, 'backtracking'],
    ['(?<q>[\'"]).*\\k<q>', '"x"', true, 'backtracking'],
    ['(?P<q>x)(?P=q)', 'xx', true, 'backtracking'],
    ['(a)\\g{-1}', 'aa', true, 'backtracking'],
    ['(?i)(a)\\1', 'aA', true, 'backtracking'],
    ['foo(?=bar)', 'foobar', true, 'backtracking'],
    ['foo(?!bar)', 'foobar', false, 'backtracking'],
    ['(?<=x)y', 'xy', true, 'backtracking'],
    ['(?<!x)y', 'xy', false, 'backtracking'],
    ['^(?|a|b)c$', 'bc', true, 'linear'],
  ];
  for (const [pattern, text, expected, engine] of table) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text.length > 30 ? text.slice(0, 30) + '…' : text)} (${engine})`, () => {
      const m = matcher(pattern);
      assert.equal(m.test(text), expected);
      assert.equal(m.engine, engine);
    });
  }

  describe('rejects, by name, what it cannot run', () => {
    const errors: [string, RegExp][] = [
      ['(?R)', /unsupported construct: recursion/],
      ['(a)(?1)', /unsupported construct: recursion/],
      ['(?(1)a|b)', /unsupported construct: conditional/],
      ['(*UTF)a', /unsupported construct: backtracking control verb/],
      ['a\\X', /unsupported construct: \\X/],
      ['[[:foo:]]', /unknown POSIX class name 'foo'/],
      ['(?Q)a', /unsupported inline option 'Q'/],
      ['a(?i)(b)\\1', /backreference under \(\?i\)/],
      ['(a', /missing closing parenthesis/],
      ['a)', /unmatched closing parenthesis/],
      ['*a', /quantifier does not follow a repeatable item/],
      ['[z-a]', /range out of order/],
      ['\\2(a)', /non-existent subpattern/],
      ['\\k<nope>', /non-existent subpattern 'nope'/],
      ['\\u0041', /PCRE does not support \\u/],
      ['\\y', /unrecognized escape \\y/],
      ['[abc', /missing terminating \]/],
      ['a{3,2}', /out of order/],
      ['(?|(a)|(b))\\1', /branch reset/],
    ];
    for (const [pattern, message] of errors) {
      it(JSON.stringify(pattern), () => {
        const r = compilePcre(pattern);
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.match(r.message, message);
          assert.equal(typeof r.offset, 'number');
        }
      });
    }
  });

  describe('catastrophic backtracking', () => {
    const risky = ['^(a+)+$', '(a|a)*', '(.*)*x', '(\\w+\\s?)+$', '(?:a|ab)+c', '((ab)*)+c', '(\\w|\\d)+$'];
    for (const pattern of risky) {
      it(`warns on ${JSON.stringify(pattern)}`, () => {
        const r = compilePcre(pattern);
        assert.ok(r.ok);
        assert.deepEqual(r.ok && r.warnings.map((w) => w.code), ['catastrophic-backtracking']);
      });
    }
    const safe = ['^a+$', '(ab)+', '(\\w+\\s)+$', '(a|b)*', '(?>a+)+', '(a++)+', '^[^=]+=\\s*(yes|no)$', '(?:a+b)+'];
    for (const pattern of safe) {
      it(`does not warn on ${JSON.stringify(pattern)}`, () => {
        const r = compilePcre(pattern);
        assert.ok(r.ok);
        assert.deepEqual(r.ok && r.warnings, []);
      });
    }

    it('answers budget-exceeded (instead of hanging) where PCRE would hit its match limit', () => {
      const m = matcher('^(a+)+$');
      assert.equal(m.test('a'.repeat(60) + '!'), 'budget-exceeded');
      // Matching texts and short texts are answered normally.
      assert.equal(m.test('a'.repeat(60)), true);
      assert.equal(m.test('aab'), false);
    });

    it('after many runs out of budget, still answers short texts truly and long ones at once', function () {
      this.timeout(30_000); // MATCHER_TIMEOUTS runs of the full budget
      // A fresh matcher: the cached one is shared with other tests.
      const r = compilePcreUncached('^(a+)+$');
      assert.ok(r.ok);
      const m = r.regex;
      for (let i = 0; i < MATCHER_TIMEOUTS; i++) assert.equal(m.test('a'.repeat(60 + i) + '!'), 'budget-exceeded');
      // The matcher is tripped: a longer pathological text is not run again…
      assert.equal(m.test('a'.repeat(200) + '!'), 'budget-exceeded');
      // …but short lines that do not match keep their answer, rather than becoming errors.
      assert.equal(m.test('b'), false);
      assert.equal(m.test('aab!'), false);
      assert.equal(m.test('a'.repeat(30)), true);
    });

    it('bounds a pathological backreference pattern too', () => {
      const m = matcher('^((a+)+)\\1$');
      assert.equal(m.engine, 'backtracking');
      assert.equal(m.test('a'.repeat(60) + '!'), 'budget-exceeded');
    });
  });

  it('caches compilations', () => {
    assert.equal(compilePcre('^cached[0-9]+$'), compilePcre('^cached[0-9]+$'));
  });
});

describe('pcre: the native fast path means the same as RE2 and the budgeted run', () => {
  const patterns = [
    '(?i)^\\s*PermitRootLogin\\s+no\\s*$',
    '^[^=]+=\\s*(yes|no)$',
    '.*:([0-9]$|[0-9][0-9]$|100$)',
    '(?m)^b$',
    'abc$',
    '\\Aab+c\\Z',
    '(?s)a.*b',
    '^(ab)*c',
    '\\bno\\b',
    '^\\d++$',
    '^[[:alpha:]]{2,4}\\d?$',
    '(?i)[a-c]+x',
    'x{',
    '(a)\\1',
    'foo(?!bar)',
    '(?<=x)y',
    '^(?>a+)a',
    '^a++a',
    '(?<q>[\'"]).*\\k<q>',
    '(?i)^(?=.*root)(?!.*yes)',
  ];
  const texts = ['aa', 'ab', 'foobar', 'foobaz', 'xy', 'y', 'aaaa', '"x"', '"x\'', 'PermitRootLogin no', 'ROOT yes', '', 'PermitRootLogin no', '  permitrootlogin   NO  ', 'PermitRootLogin yes', 'key = yes', 'key=no', 'root:0', 'rdlab:1758', 'x:100', 'a\nb\nc', 'abc\n', 'abbbc\n', 'a\nzzb', 'ababc', 'say no', 'nope', '123', '12a', 'abcd1', 'ABx', 'x{'];
  for (const pattern of patterns) {
    it(JSON.stringify(pattern), () => {
      const linear = compilePcreUncached(pattern, { nativeStepBudget: 0 });
      const native = compilePcreUncached(pattern, { nativeStepBudget: 1e15 });
      assert.ok(linear.ok && native.ok);
      assert.ok((native.regex.nativeMaxLength ?? 0) > 30, `fast path for ${pattern}`);
      for (const text of texts) assert.equal(native.regex.test(text), linear.regex.test(text), JSON.stringify(text));
    });
  }

  it('has no fast path for patterns a backtracking engine could take exponential time on', () => {
    for (const p of ['^(a+)+$', '(a|a)*b', '(\\w+\\s?)+$', '(a|ab)*c']) assert.equal(matcher(p).nativeMaxLength, undefined, p);
  });

  it('bounds the text length by the pattern’s worst case', () => {
    const oneRepeat = matcher('^a.*b$').nativeMaxLength!;
    const threeRepeats = matcher('a.*b.*c.*d').nativeMaxLength!;
    assert.ok(oneRepeat > threeRepeats, `${oneRepeat} > ${threeRepeats}`);
    // A long line past the limit is answered by RE2, the same way.
    const m = matcher('a.*b.*c.*d');
    assert.equal(m.test('a' + 'x'.repeat(threeRepeats * 2) + 'bcd'), true);
    assert.equal(m.test('a'.repeat(threeRepeats * 2)), false);
  });
});
