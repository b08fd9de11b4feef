/** A two-sided interval around an estimate, in the estimate's own unit. */
export interface Interval {
  lower: number;
  upper: number;
  /** Coverage, e.g. 0.95. */
  confidence: number;
}

/** One arm of a yes/no metric: how many units had the outcome, out of how many. */
export interface ProportionArm {
  successes: number;
  units: number;
}

/** One arm of a numeric metric as sufficient statistics. */
export interface MeanArm {
  units: number;
  mean: number;
  /** Sample variance (divisor n − 1). */
  variance: number;
}

/** A treatment-minus-control difference with its uncertainty (Welch, CR2 or ANCOVA). */
export interface DifferenceEstimate {
  /** Treatment minus control, in the metric's unit (a proportion difference is in 0..1, not points). */
  difference: number;
  standardError: number;
  /** Degrees of freedom of the t reference (Welch–Satterthwaite or Bell–McCaffrey); Infinity = normal. */
  degreesOfFreedom: number;
  interval: Interval;
  /** Two-sided p-value of "no difference". */
  pValue: number;
}

export type ProportionTestName = 'fisher-exact' | 'two-proportion-z';

export interface ArmRate {
  rate: number;
  /** Wilson score interval. */
  interval: Interval;
}

/** Relative lift treatment/control − 1 (0.1 = +10 %), delta-method interval. */
export interface LiftEstimate {
  lift: number;
  interval: Interval;
}

export interface ProportionComparison {
  control: ArmRate;
  treatment: ArmRate;
  /** Treatment rate minus control rate (0..1 scale). */
  difference: number;
  /** Newcombe hybrid score interval for the difference. */
  differenceInterval: Interval;
  /** Standard error of the difference (unpooled), for the sequential interval. */
  standardError: number;
  pValue: number;
  /** Fisher's exact test when an arm has < 1,000 units or any cell < 5, else the z (= chi-square) test. */
  test: ProportionTestName;
  /** Undefined when the control rate is 0 (a lift is then meaningless). */
  lift?: LiftEstimate;
}

/** One unit of a (possibly clustered, possibly baseline-adjusted) analysis. */
export interface AnalysisUnit {
  treated: boolean;
  outcome: number;
  /** Pre-period value of the same measure (well-being, score) for ANCOVA/CUPED. */
  baseline?: number;
  /** The unit of randomization when it is a cluster (site, team, store). */
  cluster?: string;
}

export interface ClusteredDifference extends DifferenceEstimate {
  clusters: { control: number; treatment: number };
  /** Plain-language warning when there are fewer than 20 clusters. */
  warning?: string;
}

export interface AdjustedDifference extends DifferenceEstimate {
  /** Coefficient of the baseline in the outcome model. */
  baselineSlope: number;
  /** 1 − (adjusted SE / unadjusted SE)², how much variance the baseline removed (may be negative). */
  varianceReduction: number;
}

export interface SampleRatioCheck {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Expected count per arm under the planned weights. */
  expected: number[];
  /** p < 0.001. */
  mismatch: boolean;
}

export interface SampleSizePlan {
  /** Units (workers) needed per arm. */
  controlUnits: number;
  treatmentUnits: number;
  totalUnits: number;
  /** 1 + (m − 1)·ICC; 1 for a worker-randomized design. */
  designEffect: number;
  /** Present for a cluster design: clusters needed per arm (mean cluster size m). */
  clusters?: { control: number; treatment: number; total: number };
}

export interface ClusterDesign {
  /** Intra-cluster correlation, 0..1. */
  icc: number;
  /** Mean number of units per cluster. */
  meanClusterSize: number;
}

export interface PowerOptions {
  /** Two-sided significance level; default 0.05. */
  alpha?: number;
  /** Default 0.8. */
  power?: number;
  /** Treatment units per control unit; default 1. */
  allocationRatio?: number;
  cluster?: ClusterDesign;
}

export type VerdictStatus = 'collecting' | 'treatment-better' | 'treatment-worse' | 'no-difference' | 'sample-ratio-mismatch';

export interface VerdictInput {
  /** Metric in words, e.g. "first-try quiz correctness". */
  metricLabel: string;
  treatmentName: string;
  controlName: string;
  /** 'proportion' prints differences in percentage points, 'mean' as values. */
  metricKind: 'proportion' | 'mean';
  /** Units analysed so far and the pre-registered plan (all arms together). */
  units: number;
  plannedUnits: number;
  /** The fixed-horizon result. */
  fixed: { difference: number; interval: Interval; pValue: number };
  /** The always-valid interval; the verdict uses it while units < plannedUnits. */
  sequential: Interval;
  sampleRatio?: SampleRatioCheck;
  /** E.g. the fewer-than-20-clusters warning. */
  warnings?: string[];
  /** Significance level for the fixed-horizon verdict; default 0.05. */
  alpha?: number;
  /** False for a metric where lower is better (opt-out, time to complete); default true. */
  higherIsBetter?: boolean;
}

export interface Verdict {
  status: VerdictStatus;
  /** One sentence for the results page. */
  headline: string;
  /** Further plain-language lines (warnings, the sequential reading). */
  notes: string[];
}
