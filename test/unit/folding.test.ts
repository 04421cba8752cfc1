import * as assert from 'node:assert/strict';
import { getFoldingRanges } from '../../server/src/service/folding';
import { plainDocument } from './support/cursorDocument';

function folds(text: string, rangeLimit?: number): [number, number][] {
  const { document, parsed } = plainDocument(text);
  return getFoldingRanges(document, parsed, rangeLimit === undefined ? {} : { rangeLimit }).map((r) => [r.startLine, r.endLine]);
}

describe('folding ranges', () => {
  it('folds objects and arrays that span lines, keeping the closing line visible', () => {
    const text = [
      '{', //                                  0
      '  "technologies": [', //                1
      '    { "technologyId": 18 }', //         2  one line: no fold
      '  ],', //                               3
      '  "sections": [{', //                   4  array and object start here: one fold
      '    "sectionNumber": 1,', //            5
      '    "controls": [', //                  6
      '      {', //                            7
      '        "controlId": 1', //             8
      '      }', //                            9
      '    ]', //                              10
      '  }]', //                               11
      '}', //                                  12
    ].join('\n');
    assert.deepEqual(folds(text), [[0, 11], [1, 2], [4, 10], [6, 9], [7, 8]]);
  });

  it('no fold for a two-line container and for single-line documents', () => {
    assert.deepEqual(folds('{\n}'), []);
    assert.deepEqual(folds('{ "a": [1, 2] }'), []);
    assert.deepEqual(folds(''), []);
  });

  it('folds an unclosed container through its last line', () => {
    assert.deepEqual(folds('{\n  "a": [\n    1,\n    2'), [[0, 3], [1, 3]]);
  });

  it('keeps the outermost ranges when over the range limit', () => {
    const text = '{\n "a": {\n  "b": {\n   "c": 1\n  }\n },\n "d": [\n  1\n ]\n}';
    assert.deepEqual(folds(text), [[0, 8], [1, 4], [2, 3], [6, 7]]);
    assert.deepEqual(folds(text, 3), [[0, 8], [1, 4], [6, 7]]);
  });

  it('does not spend the limit on ranges dropped for sharing a start line', () => {
    const text = '[{\n "a": [\n  1\n ],\n "b": [\n  2\n ]\n}]';
    assert.deepEqual(folds(text), [[0, 6], [1, 2], [4, 5]]);
    // `[{` is one fold: a limit of 2 still gets two distinct ranges.
    assert.deepEqual(folds(text, 2), [[0, 6], [1, 2]]);
  });

  it('handles a large policy with one range per multi-line container', () => {
    const controls = Array.from({ length: 3000 }, (_, i) => `      {\n        "controlId": ${i},\n        "technologies": [\n          { "technologyId": 1 }\n        ]\n      }`);
    const text = `{\n  "sections": [\n    {\n      "controls": [\n${controls.join(',\n')}\n      ]\n    }\n  ]\n}`;
    const ranges = folds(text);
    assert.equal(ranges.length, 4 + 3000 * 2);
  });
});
