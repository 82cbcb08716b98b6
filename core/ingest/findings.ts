import type { Finding } from '../../schemas/finding.js';
import { finding } from './rules.js';

/** Findings listed per severity before the rest are only counted: a million bad rows must not make a million findings. */
export const MAX_FINDINGS_PER_SEVERITY = 200;

/**
 * Collects findings in file order, keeping the first 200 of each severity and a count of
 * the rest, which `errors()`/`warnings()` report as one closing "…more" finding.
 */
export class FindingList {
  readonly #errors: Finding[] = [];
  readonly #warnings: Finding[] = [];
  #moreErrors = 0;
  #moreWarnings = 0;

  add(item: Finding): void {
    if (item.severity === 'error') {
      if (this.#errors.length < MAX_FINDINGS_PER_SEVERITY) this.#errors.push(item);
      else this.#moreErrors += 1;
    } else if (this.#warnings.length < MAX_FINDINGS_PER_SEVERITY) {
      this.#warnings.push(item);
    } else {
      this.#moreWarnings += 1;
    }
  }

  addAll(items: Iterable<Finding>): void {
    for (const item of items) this.add(item);
  }

  get hasErrors(): boolean {
    return this.#errors.length > 0;
  }

  errors(): Finding[] {
    if (this.#moreErrors === 0) return [...this.#errors];
    return [...this.#errors, finding('findings.truncated', null, null, { count: this.#moreErrors })];
  }

  warnings(): Finding[] {
    if (this.#moreWarnings === 0) return [...this.#warnings];
    return [
      ...this.#warnings,
      finding('findings.truncated_warnings', null, null, { count: this.#moreWarnings }),
    ];
  }
}
