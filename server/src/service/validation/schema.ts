/**
 * Schema checks with ajv, compiled once per process. The policy is checked in pieces:
 * the "shell" (everything but the controls) on every run, each control on its own so its
 * result can be cached by the validator. Errors are mapped back to the exact node.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Node } from 'jsonc-parser';
import policySchema from '../../../../schemas/policy.schema.json';
import evaluateSchema from '../../../../schemas/evaluate.schema.json';
import postureSchema from '../../../../schemas/posture.schema.json';
import type { Finding } from './findings';
import { nodeAtPointer, nodeToValue, objectAnchor, propertyNode } from './nodes';
import { didYouMean, suggest } from './suggest';

interface Validators {
  shell: ValidateFunction;
  control: ValidateFunction;
  posture: ValidateFunction;
}

let validators: Validators | undefined;

function compile(): Validators {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  ajv.addSchema(evaluateSchema, 'evaluate.schema.json');
  ajv.addSchema(policySchema, 'policy.schema.json');
  // The shell: the policy schema whose sections' controls may hold anything (checked per control).
  const shell = structuredClone(policySchema) as { definitions: { section: { properties: Record<string, unknown> } } };
  shell.definitions.section.properties.controls = { type: 'array' };
  return {
    shell: ajv.compile(shell),
    control: ajv.compile({ $ref: 'policy.schema.json#/definitions/control' }),
    posture: ajv.compile(postureSchema),
  };
}

function getValidators(): Validators {
  return (validators ??= compile());
}

/** Property names each object kind accepts, for did-you-mean on unknown fields. */
function knownKeysAt(error: ErrorObject): string[] {
  const props = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

/** Values checked by the Qualys rules with better messages and quick fixes: the schema stays quiet there. */
const RULE_OWNED_ENUMS = /\/evaluate\/dp\/(op|cd)$|\/fv\/\d+\/set$/;

function toFindings(root: Node, errors: readonly ErrorObject[] | null | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const e of errors ?? []) {
    const node = nodeAtPointer(root, e.instancePath);
    if (!node) continue;
    switch (e.keyword) {
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        // A key being typed (no value yet) is already a syntax error.
        if (node.type === 'object' && propertyNode(node, missing)) break;
        findings.push({ ...objectAnchor(node), severity: 'error', code: 'schema-required', message: `Missing property '${missing}'.` });
        break;
      }
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        const prop = propertyNode(node, extra);
        const key = prop?.children?.[0];
        if (!key) break;
        const suggestions = suggest(extra, knownKeysAt(e));
        findings.push({
          offset: key.offset,
          length: key.length,
          severity: 'warning',
          code: 'unknown-field',
          message: `Unknown field '${extra}': Qualys does not document it here.${didYouMean(suggestions)}`,
          data: suggestions.length ? { replacements: suggestions.map((s) => JSON.stringify(s)) } : undefined,
        });
        break;
      }
      case 'type': {
        const expected = (e.params as { type: string | string[] }).type;
        const list = Array.isArray(expected) ? expected.join(' or ') : expected;
        findings.push({ offset: node.offset, length: node.length, severity: 'error', code: 'schema-type', message: `Incorrect type: expected ${list}.` });
        break;
      }
      case 'enum': {
        if (RULE_OWNED_ENUMS.test(e.instancePath)) break;
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const suggestions = typeof node.value === 'string' ? suggest(node.value, allowed) : [];
        findings.push({
          offset: node.offset,
          length: node.length,
          severity: 'error',
          code: 'schema-enum',
          message: `Value ${JSON.stringify(node.value)} is not accepted. Expected one of: ${allowed.join(', ')}.${didYouMean(suggestions)}`,
          data: suggestions.length ? { replacements: suggestions.map((s) => JSON.stringify(s)) } : undefined,
        });
        break;
      }
      default:
        findings.push({ offset: node.offset, length: node.length, severity: 'error', code: 'schema-' + e.keyword, message: `Schema: ${e.message ?? e.keyword}.` });
    }
  }
  return findings;
}

/** The policy without its controls (sections' `controls` arrays are replaced by empty ones). */
export function validateShell(root: Node): Finding[] {
  const v = getValidators().shell;
  const value = nodeToValue(root, (n) => (n.type === 'array' && isControlsArray(n) ? [] : undefined));
  v(value);
  return toFindings(root, v.errors);
}

function isControlsArray(n: Node): boolean {
  // sections[i].controls: property 'controls' of an object inside the 'sections' array.
  const key = n.parent?.children?.[0];
  if (key?.value !== 'controls') return false;
  const section = n.parent?.parent;
  const sectionsArray = section?.parent;
  return sectionsArray?.type === 'array' && sectionsArray.parent?.children?.[0]?.value === 'sections' && sectionsArray.parent.parent?.parent === undefined;
}

/**
 * One control (`sections[i].controls[j]`). `source` is the control's text when it has no
 * syntax error: the native JSON.parse then builds the value far faster than walking nodes.
 */
export function validateControlSchema(control: Node, source?: string): Finding[] {
  const v = getValidators().control;
  v(source !== undefined ? parseOr(source, control) : nodeToValue(control));
  return toFindings(control, v.errors);
}

/** JSON.parse of a control known to be clean; the node walk if that ever fails. */
function parseOr(source: string, control: Node): unknown {
  try {
    return JSON.parse(source);
  } catch {
    return nodeToValue(control);
  }
}

/** One posture record. */
export function validatePostureSchema(record: Node): Finding[] {
  const v = getValidators().posture;
  v(nodeToValue(record));
  return toFindings(record, v.errors);
}
