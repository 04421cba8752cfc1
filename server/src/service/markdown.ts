/**
 * Markdown helpers for hovers and completion documentation. Policy text comes
 * from Qualys and from users, so it is always escaped: only the `<B>…</B>`
 * emphasis Qualys uses in descriptions is turned into Markdown.
 */

const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|~<>&=]/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Escapes text so that Markdown shows it literally and no HTML gets through.
 * Blank lines stay paragraph breaks. Single line breaks stay soft (they are mostly
 * wrapping in real exports), and indentation is dropped: it would start a code block.
 */
export function escapeMarkdown(text: string): string {
  const escaped = text.replace(MARKDOWN_PUNCTUATION, (c) => HTML_ENTITIES[c] ?? `\\${c}`);
  return escaped
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

/** `text` as inline code, with a fence longer than any backtick run inside it. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const BOLD_TAG = /(<\/?b\s*>)/i;
const BOLD_TAG_ONLY = /^<\/?b\s*>$/i;
const ALNUM = /[\p{L}\p{N}]/u;
const PUNCT_OR_SPACE = /[\s\p{P}\p{S}]/u;

/**
 * Turns a Qualys description into Markdown: `<B>…</B>` / `<b>…</b>` become bold,
 * everything else is escaped. Unbalanced tags are tolerated (an open tag bolds
 * to the end; a stray close tag is dropped).
 */
export function qualysTextToMarkdown(text: string): string {
  const runs: { text: string; bold: boolean }[] = [];
  let bold = false;
  for (const part of text.trim().split(BOLD_TAG)) {
    if (BOLD_TAG_ONLY.test(part)) {
      bold = !part.startsWith('</');
      continue;
    }
    if (!part) continue;
    const last = runs[runs.length - 1];
    if (last && last.bold === bold) last.text += part;
    else runs.push({ text: part, bold });
  }

  let out = '';
  runs.forEach((run, i) => {
    if (!run.bold) {
      out += escapeMarkdown(run.text);
      return;
    }
    const core = run.text.trim();
    if (!core) {
      out += escapeMarkdown(run.text);
      return;
    }
    const lead = run.text.slice(0, run.text.indexOf(core[0]!));
    const trail = run.text.slice(lead.length + core.length);
    // `**` only opens/closes when flanked right (CommonMark): a bold run that starts or
    // ends with punctuation and touches a letter needs a space to render as bold.
    const prev = i > 0 ? runs[i - 1]!.text.slice(-1) : '';
    const next = i < runs.length - 1 ? runs[i + 1]!.text[0] ?? '' : '';
    const padBefore = !lead && PUNCT_OR_SPACE.test(core[0]!) && ALNUM.test(prev) ? ' ' : '';
    const padAfter = !trail && PUNCT_OR_SPACE.test(core[core.length - 1]!) && ALNUM.test(next) ? ' ' : '';
    out += `${escapeMarkdown(lead)}${padBefore}**${escapeMarkdown(core)}**${padAfter}${escapeMarkdown(trail)}`;
  });
  return out;
}
