/** JSON syntax problems as findings. Qualys takes strict JSON: comments and trailing commas are errors. */
import type { SyntaxProblem } from '../strictJson';
import type { Finding } from './findings';

const MESSAGES: Record<string, [code: string, message: string]> = {
  TrailingComma: ['trailing-comma', 'Trailing comma: Qualys takes strict JSON.'],
  Comment: ['json-comment', 'Comments are not allowed: Qualys takes strict JSON.'],
  UnexpectedEndOfComment: ['json-comment', 'Unterminated comment (comments are not allowed in strict JSON).'],
  NewlineInString: ['string-newline', 'Line break inside a string: write it as \\n (real exports can contain these, Qualys rejects them).'],
  InvalidWhitespace: ['invalid-whitespace', 'Non-breaking or other Unicode space outside a string: JSON allows only space, tab and line breaks here (text copied from a web page?).'],
  InvalidCharacter: ['json-syntax', 'Control character inside a string: escape it.'],
  UnexpectedEndOfString: ['json-syntax', 'Unterminated string.'],
  InvalidEscapeCharacter: ['json-syntax', 'Invalid escape sequence.'],
  InvalidUnicode: ['json-syntax', 'Invalid \\u escape: expected four hex digits.'],
  InvalidNumberFormat: ['json-syntax', 'Invalid number.'],
  InvalidSymbol: ['json-syntax', 'Invalid symbol: expected a JSON value.'],
  PropertyNameExpected: ['json-syntax', 'Property name expected.'],
  ValueExpected: ['json-syntax', 'Value expected.'],
  ColonExpected: ['json-syntax', "Colon ':' expected."],
  CommaExpected: ['json-syntax', "Comma ',' expected."],
  CloseBraceExpected: ['json-syntax', "Closing brace '}' expected."],
  CloseBracketExpected: ['json-syntax', "Closing bracket ']' expected."],
  EndOfFileExpected: ['json-syntax', 'End of file expected: only one JSON value is allowed.'],
  NestingTooDeep: ['json-syntax', 'Nesting is too deep.'],
};

export function syntaxFindings(problems: readonly SyntaxProblem[]): Finding[] {
  return problems.map((p) => {
    const [code, message] = MESSAGES[p.code] ?? ['json-syntax', `Syntax error (${p.code}).`];
    return { offset: p.offset, length: p.length, severity: 'error', code, message };
  });
}
