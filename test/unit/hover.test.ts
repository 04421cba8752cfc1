import * as assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { CARDINALITIES, OPERATORS } from '../../server/src/model/catalog';
import { doHover } from '../../server/src/service/hover';
import { escapeMarkdown, qualysTextToMarkdown } from '../../server/src/service/markdown';
import { cursorDocument, serviceContext } from './support/cursorDocument';

const LIBRARY = [{ technologyId: 99, technologyName: 'Library OS 1.x' }];

function hover(text: string): { markdown: string; rangeText: string } | null {
  const doc = cursorDocument(text);
  const result = doHover(doc.document, doc.parsed, doc.position, serviceContext(LIBRARY));
  if (!result) return null;
  const r = result.range!;
  const rangeText = doc.document.getText().slice(doc.document.offsetAt(r.start), doc.document.offsetAt(r.end));
  return { markdown: (result.contents as MarkupContent).value, rangeText };
}

/** A policy whose one control has two technologies; the cursor goes at marker `@@<cursorAt>@`. */
function policy(cursorAt: string): string {
  const text = `{
  "policyId": 1, "policyTitle": "T",
  "technologies": [{ "technologyId": 18, "technologyName": "Windows Vista" }, { "technologyId": 45, "technologyName": "RHEL 6.x" }],
  "sections": [{ "sectionNumber": 1, "sectionHeading": "S", "controls": [{
    "controlId": @@controlId@1072, "sectionNumber": 1, "controlNumber": 1,
    "statement": "@@statement@Status of the 'Minimum Password Age' setting",
    "criticality": "CRITICAL", "referenceText": "CIS 1.1.2",
    "technologies": [
      { "technologyId": @@techId@18, "technologyName": "Windows Vista",
        "evaluate": { "dp": { "k": "@@k@win.auth.passwords.minage", "v": ["1"],
          "description": "The following Integer value <B>X</B> indicates the <b>'Minimum Password Age' (min_pass_age)</b>setting.",
          "op": "@@op@ge", "cd": "@@cd@match any",
          "fv": [{ "value": "@@fv@161803399999999", "set": "0", "description": "Attribute not found" }] } },
        "remediation": "Set the *UI* path to 1 or more day(s).",
        "rational": "Legacy spelling: <script>alert(1)</script> [link](http://x)" },
      { "technologyId": @@lib@45, "technologyName": "RHEL 6.x",
        "evaluate": { "dp": { "k": "x", "v": ["a"], "op": "@@unknownop@zz" } },
        "remediation": "Edit /etc/login.defs", "rationale": "Modern spelling" }
    ]
  }]}]
}`;
  return text.replace(`@@${cursorAt}@`, '|').replace(/@@\w+@/g, '');
}

describe('hover', () => {
  it('policy() helper keeps the JSON valid', () => {
    // The markers are stripped: the fixture itself must be a valid policy.
    JSON.parse(policy('none').replace('|', ''));
  });

  describe('on a control', () => {
    for (const where of ['controlId', 'statement']) {
      it(`on its ${where}: statement, criticality, reference, per technology rationale and remediation`, () => {
        const h = hover(policy(where))!;
        assert.ok(h, 'a hover');
        const md = h.markdown;
        assert.ok(md.startsWith("**Control 1072**: Status of the 'Minimum Password Age' setting"), md);
        assert.ok(md.includes('Criticality: **CRITICAL** (4)'));
        assert.ok(md.includes('Reference: CIS 1\\.1\\.2'));
        assert.ok(md.includes('### Windows Vista (18)'));
        assert.ok(md.includes('### RHEL 6\\.x (45)'), md);
        // Legacy `rational` and modern `rationale` both show as the rationale.
        assert.ok(md.includes('**Rationale:** Legacy spelling'));
        assert.ok(md.includes('**Rationale:** Modern spelling'));
        assert.ok(md.includes('**Remediation:** Set the \\*UI\\* path to 1 or more day\\(s\\)\\.'), 'markdown in remediation is escaped');
        // HTML is neutralised; link syntax does not become a link.
        assert.ok(md.includes('&lt;script&gt;alert\\(1\\)&lt;/script&gt;'));
        assert.ok(!md.includes('<script>'));
        assert.ok(md.includes('\\[link\\]\\(http://x\\)'));
      });
    }

    it('spans the hovered value', () => {
      assert.equal(hover(policy('controlId'))!.rangeText, '1072');
    });

    it('not on other control properties', () => {
      const text = policy('none').replace('"criticality": "CRITICAL"', '"criticality": "CRIT|ICAL"');
      assert.equal(hover(text), null);
    });
  });

  describe('on op and cd', () => {
    it('op: the operator semantics from the catalog', () => {
      const h = hover(policy('op'))!;
      const ge = OPERATORS.find((o) => o.name === 'ge')!;
      assert.ok(h.markdown.includes(escapeMarkdown(ge.meaning)));
      assert.ok(h.markdown.includes('greater than or equal'));
      assert.equal(h.rangeText, '"ge"');
    });

    it('cd: the cardinality semantics, and a note when the op does not take it', () => {
      const h = hover(policy('cd'))!;
      const matchAny = CARDINALITIES.find((c) => c.name === 'match any')!;
      assert.ok(h.markdown.includes(escapeMarkdown(matchAny.meaning)));
      assert.ok(h.markdown.includes('Not meaningful with operator `ge`'));
      const withRe = hover(policy('cd').replace('"op": "ge"', '"op": "re"'))!;
      assert.ok(!withRe.markdown.includes('Not meaningful'));
    });

    it('cd aliases name the spelling they stand for', () => {
      const h = hover(policy('cd').replace('|match any', '|contains'))!;
      assert.ok(h.markdown.includes('same as `contain`'));
    });

    it('nothing for an unknown operator', () => {
      assert.equal(hover(policy('unknownop')), null);
    });
  });

  it('on dp.k: the data point description, <B> as bold', () => {
    const h = hover(policy('k'))!;
    assert.ok(h.markdown.includes('`win.auth.passwords.minage`'));
    assert.ok(h.markdown.includes('The following Integer value **X** indicates the **\'Minimum Password Age\' \\(min\\_pass\\_age\\)** setting\\.'), h.markdown);
  });

  it('on an fv value: its description and what the sentinel and set mean', () => {
    const h = hover(policy('fv'))!;
    assert.ok(h.markdown.includes('**Attribute not found**'));
    assert.ok(h.markdown.includes('could not find the setting'));
    assert.ok(h.markdown.includes('does not count as compliant'));
  });

  describe('on a technologyId', () => {
    it('its name from the file', () => {
      const h = hover(policy('techId'))!;
      assert.ok(h.markdown.startsWith('**Windows Vista**: technology 18, declared in this policy'));
      assert.equal(h.rangeText, '18');
    });

    it('its name from the library when the file does not declare it', () => {
      const h = hover(policy('lib').replace('"technologyId": |45', '"technologyId": |99'))!;
      assert.ok(h.markdown.startsWith('**Library OS 1\\.x**: technology 99, from the Qualys library'));
    });

    it('in the policy-level list as well; nothing for an unknown id', () => {
      const text = policy('none').replace('"technologyId": 18, "technologyName": "Windows Vista" }, {', '"technologyId": 1|8, "technologyName": "Windows Vista" }, {');
      assert.ok(hover(text)!.markdown.includes('Windows Vista'));
      assert.equal(hover('{ "technologies": [{ "technologyId": 7|77 }] }'), null);
    });
  });

  it('nothing outside any policy element or in broken text', () => {
    assert.equal(hover('{ "policyTitle": "T|" }'), null);
    assert.equal(hover('|'), null);
  });
});

describe('markdown', () => {
  it('turns <B>/<b> into bold and escapes the rest', () => {
    assert.equal(qualysTextToMarkdown('a <B>b</B> c'), 'a **b** c');
    assert.equal(qualysTextToMarkdown('<b>x_y</b>'), '**x\\_y**');
    assert.equal(qualysTextToMarkdown('<B> spaced </B>end'), ' **spaced** end');
    assert.equal(qualysTextToMarkdown('open <B>to the end'), 'open **to the end**');
    assert.equal(qualysTextToMarkdown('stray </B> close'), 'stray  close');
    assert.equal(qualysTextToMarkdown('1 < 2 & <i>x</i>'), '1 &lt; 2 &amp; &lt;i&gt;x&lt;/i&gt;');
  });

  it('keeps a bold run that ends in punctuation bold before a letter', () => {
    // `**(x)**y` would not render as bold in CommonMark.
    assert.equal(qualysTextToMarkdown('<B>(x)</B>y'), '**\\(x\\)** y');
  });

  it('keeps paragraphs and soft line breaks without starting code blocks', () => {
    assert.equal(escapeMarkdown('a\n\n\n\nb\n        c'), 'a\n\nb\nc');
    // No headings, rules or lists from text that happens to look like them.
    assert.equal(escapeMarkdown('Title\n===\n- item\n1. one\n# h'), 'Title\n\\=\\=\\=\n\\- item\n1\\. one\n\\# h');
  });
});
