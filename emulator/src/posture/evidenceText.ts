/**
 * The evidence strings Qualys writes into posture records, built from a data point:
 * `expectedValues` ("\nSetting not found\n------------ OR ------------\n…greater than or equal to\n0"),
 * the displayed current values (fixed-value sentinels shown by their description) and the plain description.
 */
import { evidencePhraseOf, FIXED_VALUE_SENTINELS } from '../../../server/src/model/catalog';
import type { DataPoint } from '../../../server/src/model/policy';

const OR = '\n------------ OR ------------\n';

/** Fixed values that count as compliant are listed first, then the operator phrase and the expected values. */
export function expectedValuesText(dp: DataPoint): string {
  const alternatives = (dp.fv ?? [])
    .filter((f) => f.set === '1')
    .map((f) => (isSentinel(f.value) ? (f.description ?? f.value) : f.description ? `${f.description} (${f.value})` : f.value));
  // The catalog knows when Qualys spells the cardinality out ("match all regular expression match").
  const phrase = evidencePhraseOf(dp.op, dp.cd) ?? dp.op;
  const condition = dp.v.length ? `${phrase}\n${dp.v.join('\n')}` : phrase;
  return `\n${[...alternatives, condition].join(OR)}`;
}

function isSentinel(value: string): boolean {
  return FIXED_VALUE_SENTINELS.some((s) => s.value === value);
}

/**
 * What the posture shows as currentValues: a sentinel the data point lists is shown by its description
 * ("File not found"), as Qualys does; an unlisted one stays a number (it counts as not compliant).
 */
export function displayedValues(dp: DataPoint | undefined, collected: readonly string[]): string[] {
  return collected.map((v) => (isSentinel(v) ? (dp?.fv?.find((f) => f.value === v)?.description ?? v) : v));
}

/** Posture descriptions are the data point description without its HTML markup. */
export function plainDescription(html: string | undefined): string | null {
  return html === undefined ? null : html.replace(/<\/?[a-zA-Z][^>]*>/g, '');
}
