/** The outcome of one fault drill: what was checked, the counts, and whether it held. */
export interface DrillVerdict {
  drill: string;
  checked: string;
  counts: Record<string, number | string>;
  passed: boolean;
  seconds: number;
}

export function printVerdict(verdict: DrillVerdict): void {
  const counts = Object.entries(verdict.counts).map(([name, value]) => `${name}=${value}`).join(' ');
  console.log(`${verdict.passed ? 'PASS' : 'FAIL'}  ${verdict.drill} (${verdict.seconds} s): ${verdict.checked}\n      ${counts}`);
}
