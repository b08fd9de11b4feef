import { fisherExactTest } from './fisherExactTest';
import { newcombeInterval } from './newcombeInterval';
import { relativeLift } from './relativeLift';
import { twoProportionZTest } from './twoProportionZTest';
import { wilsonInterval } from './wilsonInterval';
import type { MeanArm, ProportionArm, ProportionComparison, ProportionTestName } from './types';

/** Below this many units in an arm the exact test is used (issue 18). */
const EXACT_TEST_BELOW_UNITS = 1000;
/** ... and when any cell of the 2×2 table is under this. */
const EXACT_TEST_BELOW_CELL = 5;

function chooseTest(control: ProportionArm, treatment: ProportionArm): ProportionTestName {
  const cells = [control, treatment].flatMap((arm) => [arm.successes, arm.units - arm.successes]);
  const small = Math.min(control.units, treatment.units) < EXACT_TEST_BELOW_UNITS || Math.min(...cells) < EXACT_TEST_BELOW_CELL;
  return small ? 'fisher-exact' : 'two-proportion-z';
}

function asMeanArm(arm: ProportionArm): MeanArm {
  const rate = arm.successes / arm.units;
  return { units: arm.units, mean: rate, variance: rate * (1 - rate) };
}

/** Both rates, their difference (Newcombe), the lift, and Fisher's or the z test's p-value. */
export function compareProportions(control: ProportionArm, treatment: ProportionArm, confidence = 0.95): ProportionComparison {
  for (const [name, arm] of Object.entries({ control, treatment })) {
    if (!(arm.units > 0) || arm.successes < 0 || arm.successes > arm.units) {
      throw new RangeError(`${name}: needs units > 0 and 0 ≤ successes ≤ units`);
    }
  }
  const controlRate = asMeanArm(control);
  const treatmentRate = asMeanArm(treatment);
  const test = chooseTest(control, treatment);
  return {
    control: { rate: controlRate.mean, interval: wilsonInterval(control, confidence) },
    treatment: { rate: treatmentRate.mean, interval: wilsonInterval(treatment, confidence) },
    difference: treatmentRate.mean - controlRate.mean,
    differenceInterval: newcombeInterval(control, treatment, confidence),
    standardError: Math.sqrt(controlRate.variance / control.units + treatmentRate.variance / treatment.units),
    pValue: test === 'fisher-exact' ? fisherExactTest(control, treatment) : twoProportionZTest(control, treatment).pValue,
    test,
    lift: relativeLift(controlRate, treatmentRate, confidence),
  };
}
