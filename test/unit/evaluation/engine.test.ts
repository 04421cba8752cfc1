import * as assert from 'node:assert/strict';
import { CARDINALITIES, FIXED_VALUE_SENTINELS, OPERATORS, getCardinality, type CardinalitySemantic, type OperatorInfo, type PostureStatus } from '../../../server/src/model/catalog';
import type { DataPoint, FixedValue } from '../../../server/src/model/policy';
import { compileDataPoint, evaluateDataPoint } from '../../../server/src/service/evaluation/engine';

const dp = (fields: Partial<DataPoint> & { op: string }): DataPoint => ({ k: 'test.dp', v: [], ...fields });

function check(d: DataPoint, values: readonly string[] | null, status: PostureStatus, reason?: RegExp | string): void {
  const out = evaluateDataPoint(d, values);
  assert.equal(out.status, status, `expected ${status}, got ${out.status}: ${out.reason}`);
  assert.ok(!out.reason.includes('\n'), `reason is one line: ${out.reason}`);
  if (typeof reason === 'string') assert.equal(out.reason, reason);
  else if (reason) assert.match(out.reason, reason);
  // The compiled form agrees with the one-shot form.
  assert.deepEqual(compileDataPoint(d)(values), out);
}

describe('evaluation engine: scalar operators', () => {
  const table: [string, string[], string[], PostureStatus, string?][] = [
    // [op, v, currentValues, status, reason]
    ['eq', ['1'], ['1'], 'Passed', '1 = 1 (eq)'],
    ['eq', ['7'], ['007'], 'Passed'], // integers compare by value
    ['eq', ['1'], ['0'], 'Failed', '0 != 1 (eq)'],
    ['eq', ['yes'], ['yes'], 'Passed', "'yes' = 'yes' (eq)"],
    ['eq', ['yes'], ['Yes'], 'Failed'],
    ['ne', ['1'], ['0'], 'Passed'],
    ['ne', ['1'], ['1'], 'Failed'],
    ['ne', ['no'], ['no '], 'Passed'], // strings compare exactly
    ['lt', ['5'], ['4'], 'Passed'],
    ['lt', ['5'], ['5'], 'Failed'],
    ['lt', ['0'], ['5'], 'Failed', '5 > 0 (lt)'],
    ['le', ['5'], ['5'], 'Passed'],
    ['le', ['5'], ['6'], 'Failed'],
    ['gt', ['5'], ['6'], 'Passed'],
    ['gt', ['5'], ['5'], 'Failed'],
    ['gt', ['-1'], ['0'], 'Passed'],
    ['ge', ['14'], ['14'], 'Passed', '14 = 14 (ge)'],
    ['ge', ['14'], ['5'], 'Failed', '5 < 14 (ge)'],
    ['ge', ['9'], ['10'], 'Passed'], // not "10" < "9" as text
    ['ge', ['9007199254740992'], ['9007199254740993'], 'Passed'], // beyond 2^53: BigInt
    ['gt', ['b'], ['c'], 'Passed', "'c' > 'b' (gt, compared as text)"],
    ['lt', ['10'], ['abc'], 'Failed', "'abc' > 10 (lt, compared as text)"],
    ['in', ['0', '1'], ['1'], 'Passed', '1 is one of 0, 1 (in)'],
    ['in', ['0', '1'], ['01'], 'Passed'],
    ['in', ['0', '1'], ['2'], 'Failed', '2 is not one of 0, 1 (in)'],
    ['in', ['Automatic', 'Manual'], ['Manual'], 'Passed'],
    ['range', ['1', '10'], ['1'], 'Passed', '1 is within 1..10 (range)'],
    ['range', ['1', '10'], ['10'], 'Passed'],
    ['range', ['1', '10'], ['11'], 'Failed', '11 is outside 1..10 (range)'],
    ['range', ['10', '1'], ['5'], 'Passed'], // bounds in either order
    ['range', ['1', '10'], ['five'], 'Failed', "'five' is not an integer (range 1..10)"],
  ];
  for (const [op, v, x, status, reason] of table) {
    it(`${op} ${JSON.stringify(v)} with ${JSON.stringify(x)} → ${status}`, () => check(dp({ op, v }), x, status, reason));
  }

  it('every collected value must satisfy a scalar operator', () => {
    check(dp({ op: 'ge', v: ['14'] }), ['14', '20'], 'Passed', /^all 2 values/);
    check(dp({ op: 'ge', v: ['14'] }), ['14', '5'], 'Failed', 'value 2 of 2: 5 < 14 (ge)');
  });

  it('nothing collected fails a scalar operator', () => {
    for (const op of OPERATORS.filter((o) => o.cardinalities.length === 0)) {
      check(dp({ op: op.name, v: op.name === 'range' ? ['1', '2'] : ['1'] }), [], 'Failed', `no value collected (${op.name})`);
    }
  });

  it('range with a bound that is not an integer is an Error', () => {
    check(dp({ op: 'range', v: ['1', 'ten'] }), ['5'], 'Error', /range bounds must be integers/);
  });
});

/** For each cardinality semantic: a pattern/string list Y and collected X → expected status. */
const LINE_TABLE: [string[], Partial<Record<CardinalitySemantic, PostureStatus>>][] = [
  [['a1', 'a2'], { matchAny: 'Passed', matchAll: 'Passed', matchNone: 'Failed', empty: 'Failed', notEmpty: 'Passed' }],
  [['a1', 'b'], { matchAny: 'Passed', matchAll: 'Failed', matchNone: 'Failed' }],
  [['a1\nb'], { matchAny: 'Passed', matchAll: 'Failed', matchNone: 'Failed' }], // one value, two lines
  [['b', 'c'], { matchAny: 'Failed', matchAll: 'Failed', matchNone: 'Passed' }],
  [['x\r\na2\n'], { matchAny: 'Passed', matchAll: 'Failed', matchNone: 'Failed' }], // CRLF, final newline
  [[], { matchAny: 'Failed', matchAll: 'Passed', matchNone: 'Passed', empty: 'Passed', notEmpty: 'Failed' }],
  [[''], { empty: 'Passed', notEmpty: 'Failed' }],
];

const LIST_TABLE: [string[], Partial<Record<CardinalitySemantic, PostureStatus>>][] = [
  [['a', 'b'], { contain: 'Passed', doesNotContain: 'Failed', intersect: 'Passed', match: 'Passed', isContainedIn: 'Passed', empty: 'Failed', notEmpty: 'Passed' }],
  [['b', 'a'], { contain: 'Passed', match: 'Passed', isContainedIn: 'Passed' }], // any order
  [['a\nb'], { contain: 'Passed', doesNotContain: 'Failed', intersect: 'Passed', match: 'Passed', isContainedIn: 'Passed' }],
  [['a'], { contain: 'Failed', doesNotContain: 'Failed', intersect: 'Passed', match: 'Failed', isContainedIn: 'Passed' }],
  [['a', 'b', 'c'], { contain: 'Passed', doesNotContain: 'Failed', intersect: 'Passed', match: 'Failed', isContainedIn: 'Failed' }],
  [['c'], { contain: 'Failed', doesNotContain: 'Passed', intersect: 'Failed', match: 'Failed', isContainedIn: 'Failed' }],
  [[], { contain: 'Failed', doesNotContain: 'Passed', intersect: 'Failed', match: 'Failed', isContainedIn: 'Passed', empty: 'Passed', notEmpty: 'Failed' }],
];

/** Y for each operator that takes a cardinality, meaning "a" and "b" (whole lines). */
const Y_FOR: Record<string, string[]> = { re: ['^a'], xre: ['^a$', '^b$'], xeq: ['a', 'b'] };

describe('evaluation engine: every operator × cardinality', () => {
  for (const op of OPERATORS.filter((o) => o.cardinalities.length > 0)) {
    const table = op.name === 're' ? LINE_TABLE : LIST_TABLE;
    for (const cd of op.cardinalities) {
      const semantic = getCardinality(cd)!.semantic;
      for (const [x, expected] of table) {
        const status = expected[semantic];
        if (!status) continue;
        it(`${op.name} '${cd}' ${JSON.stringify(Y_FOR[op.name])} with ${JSON.stringify(x)} → ${status}`, () => check(dp({ op: op.name, cd, v: Y_FOR[op.name] }), x, status));
      }
    }
  }

  it('xeq compares integers by value', () => {
    check(dp({ op: 'xeq', cd: 'is contained in', v: ['3', '5'] }), ['03'], 'Passed');
  });

  it('empty and not empty need no values', () => {
    check(dp({ op: 'xre', cd: 'empty', v: [] }), [], 'Passed', 'nothing collected (empty)');
    check(dp({ op: 're', cd: 'not empty', v: [] }), ['x', 'y'], 'Passed', "2 lines collected, first 'x' (not empty)");
  });

  it('reasons name the deciding line', () => {
    check(dp({ op: 're', cd: 'match none', v: ['^PermitRootLogin\\s+yes'] }), ['Port 22\nPermitRootLogin yes'], 'Failed', "line 2 'PermitRootLogin yes' matches /^PermitRootLogin\\s+yes/ (match none)");
    check(dp({ op: 'xre', cd: 'is contained in', v: ['^Port', '^PermitRootLogin no$'] }), ['Port 22', 'PermitRootLogin yes'], 'Failed', "line 2 'PermitRootLogin yes' matches none of /^Port/, /^PermitRootLogin no$/ (is contained in)");
    check(dp({ op: 'xeq', cd: 'contain', v: ['a', 'z'] }), ['a'], 'Failed', "no line matches 'z' (contain)");
    check(dp({ op: 're', cd: 'match any', v: ['^b'] }), ['a', 'c'], 'Failed', 'no line matches /^b/ (2 lines, match any)');
  });

  it('PCRE syntax works in re and xre', () => {
    check(dp({ op: 're', cd: 'match all', v: ['(?i)\\Apermitrootlogin\\h+no\\z'] }), ['PermitRootLogin no'], 'Passed');
    check(dp({ op: 'xre', cd: 'intersect', v: ['^[[:digit:]]++$', '^(?>on|off)$'] }), ['off'], 'Passed');
  });

  it('a pathological pattern returns Error instead of hanging', () => {
    const d = dp({ op: 're', cd: 'match any', v: ['^(a+)+$'] });
    check(d, ['a'.repeat(64) + '!'], 'Error', /ran out of its backtracking budget on line 1/);
    // A line that decides the result on its own still decides it.
    check(d, ['a'.repeat(64) + '!', 'aaa'], 'Passed');
    check(dp({ op: 'xre', cd: 'is contained in', v: ['^(a|a)*$'] }), ['a'.repeat(64) + '!'], 'Error', /backtracking budget/);
  });
});

describe('evaluation engine: fixed values', () => {
  const [settingNotFound, fileNotFound] = FIXED_VALUE_SENTINELS;
  const fv: FixedValue[] = [
    { value: settingNotFound.value, set: '1', description: 'Setting not found' },
    { value: fileNotFound.value, set: '0', description: 'File not found' },
  ];

  /** A data point of each operator (with each of its cardinalities) that the collected text "42" would not satisfy. */
  function dataPointsOf(op: OperatorInfo): DataPoint[] {
    const v: Record<string, string[]> = { eq: ['1'], ne: ['42'], lt: ['1'], le: ['1'], gt: ['100'], ge: ['100'], in: ['1', '2'], range: ['1', '2'], re: ['^1$'], xre: ['^1$'], xeq: ['1'] };
    if (op.cardinalities.length === 0) return [dp({ op: op.name, v: v[op.name], fv })];
    return op.cardinalities.map((cd) => dp({ op: op.name, cd, v: v[op.name], fv }));
  }

  for (const op of OPERATORS) {
    for (const d of dataPointsOf(op)) {
      const label = `${op.name}${d.cd ? ` '${d.cd}'` : ''}`;
      it(`${label}: an allowed fixed value passes, by number or description`, () => {
        check(d, [settingNotFound.value], 'Passed', `fixed value 'Setting not found' (${settingNotFound.value}) is allowed`);
        check(d, ['Setting not found'], 'Passed', `fixed value 'Setting not found' (${settingNotFound.value}) is allowed`);
      });
      it(`${label}: a fixed value with set "0" fails, by number or description`, () => {
        check(d, [fileNotFound.value], 'Failed', `fixed value 'File not found' (${fileNotFound.value}) is not allowed`);
        check(d, ['File not found'], 'Failed');
      });
    }
  }

  it('a sentinel the data point does not list is not allowed', () => {
    check(dp({ op: 'ge', v: ['0'] }), [settingNotFound.value], 'Failed', `fixed value ${settingNotFound.value} is not listed in fv, so it is not allowed`);
  });

  it('a listed sentinel without description is recognised by its usual descriptions', () => {
    check(dp({ op: 'ge', v: ['14'], fv: [{ value: fileNotFound.value, set: '1' }] }), ['File not found'], 'Passed');
  });

  it('a description not in fv is an ordinary value', () => {
    check(dp({ op: 'xre', cd: 'matches', v: ['.*'], fv }), ['Grantees not found'], 'Passed', /every line matches/);
    check(dp({ op: 'le', v: ['1'], fv }), ['Grantees not found'], 'Failed', /compared as text/);
  });

  it('several collected values that are all fixed values: any not allowed fails', () => {
    check(dp({ op: 'ge', v: ['1'], fv }), ['Setting not found', 'File not found'], 'Failed');
    check(dp({ op: 'ge', v: ['1'], fv }), ['Setting not found', settingNotFound.value], 'Passed');
  });
});

describe('evaluation engine: data points that cannot be evaluated', () => {
  const table: [string, Partial<DataPoint> & { op: string }, RegExp][] = [
    ['unknown operator', { op: 'like', v: ['x'] }, /unknown operator 'like'/],
    ['missing cardinality', { op: 're', v: ['x'] }, /'re' needs a cardinality \(cd\): one of match any/],
    ['unknown cardinality', { op: 're', cd: 'some', v: ['x'] }, /unknown cardinality 'some'/],
    ['cardinality of the wrong kind', { op: 're', cd: 'contain', v: ['x'] }, /cardinality 'contain' does not apply to 're'/],
    ['line cardinality on a list operator', { op: 'xeq', cd: 'match any', v: ['x'] }, /does not apply to 'xeq'/],
    ['too many values', { op: 'eq', v: ['1', '2'] }, /'eq' needs exactly 1 value in v \(got 2\)/],
    ['too few values', { op: 'range', v: ['1'] }, /'range' needs exactly 2 values in v \(got 1\)/],
    ['no values', { op: 'xre', cd: 'contain', v: [] }, /'xre' needs at least 1 values in v \(got 0\)/],
    ['invalid regex', { op: 're', cd: 'match any', v: ['(a'] }, /invalid regular expression \/\(a\/: missing closing parenthesis at offset 0/],
    ['unsupported PCRE construct', { op: 'xre', cd: 'contain', v: ['(?R)'] }, /unsupported construct: recursion/],
    ['v that is not a list', { op: 'eq', v: 'x' as unknown as string[] }, /must be an array/],
  ];
  for (const [title, fields, reason] of table) {
    it(title, () => check(dp(fields), ['x'], 'Error', reason));
  }

  it('missing evidence is an Error', () => {
    check(dp({ op: 'eq', v: ['1'] }), null, 'Error', /evidence.currentValues is missing/);
  });

  it('every cardinality of the catalog is evaluated by some operator', () => {
    for (const cd of CARDINALITIES) assert.ok(OPERATORS.some((o) => o.cardinalities.includes(cd.name)), cd.name);
  });
});

describe('evaluation engine: caching', () => {
  it('recompiles when the data point object changes', () => {
    const d = dp({ op: 'ge', v: ['14'] });
    assert.equal(evaluateDataPoint(d, ['10']).status, 'Failed');
    d.v[0] = '8';
    assert.equal(evaluateDataPoint(d, ['10']).status, 'Passed');
    d.op = 'lt';
    assert.equal(evaluateDataPoint(d, ['10']).status, 'Failed');
  });

  it('answers repeated evidence from its memo with the same outcome', () => {
    const evaluate = compileDataPoint(dp({ op: 'xeq', cd: 'contain', v: ['a'] }));
    assert.equal(evaluate(['a', 'b']), evaluate(['a', 'b']));
    assert.equal(evaluate(['x']).status, 'Failed');
    // Lists that would join to the same text are told apart.
    const pair = compileDataPoint(dp({ op: 'xeq', cd: 'contain', v: ['a\u0000'] }));
    assert.equal(pair(['a\u0000', 'b']).status, 'Passed');
    assert.equal(pair(['a', '\u0000b']).status, 'Failed');
  });
});
