/** Push validates first, with the same language service as the editor and `qualys-policy validate`. */
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../../server/src/service/languageService';

export interface ValidationError {
  /** 1-based. */
  line: number;
  column: number;
  code: string;
  message: string;
}

export type Validate = (text: string, file: string) => ValidationError[];

/** The errors (not warnings) the language service reports for a policy file's text. */
export const findValidationErrors: Validate = (text, file) => {
  const service = createLanguageService();
  const document = TextDocument.create(pathToFileURL(file).toString(), 'qualys-policy', 1, text);
  return service
    .findProblems(document, service.parse(document))
    .filter((f) => f.severity === 'error')
    .map((f) => {
      const p = document.positionAt(f.offset);
      return { line: p.line + 1, column: p.character + 1, code: f.code, message: f.message };
    });
};
