import { cholesky, dot, invert, multiply, multiplyVector, symmetricEigen, transpose, type Matrix } from './smallMatrix';

export interface RegressionRow {
  /** Covariates, the intercept included. */
  x: number[];
  y: number;
  /** Units sharing a cluster share their errors; give each unit its own id for HC2. */
  cluster: string;
}

export interface RobustCoefficient {
  coefficient: number;
  /** Every coefficient of the fit, in the order of `x`. */
  coefficients: number[];
  /** CR2 (Bell & McCaffrey 2002) standard error. */
  standardError: number;
  /** Bell–McCaffrey (Satterthwaite) degrees of freedom under a homoskedastic working model. */
  degreesOfFreedom: number;
}

interface ClusterSums {
  crossProducts: Matrix;
  xy: number[];
}

function accumulate(rows: RegressionRow[], size: number): { total: ClusterSums; clusters: ClusterSums[] } {
  const blank = (): ClusterSums => ({ crossProducts: Array.from({ length: size }, () => new Array<number>(size).fill(0)), xy: new Array<number>(size).fill(0) });
  const total = blank();
  const byCluster = new Map<string, ClusterSums>();
  for (const row of rows) {
    let sums = byCluster.get(row.cluster);
    if (!sums) byCluster.set(row.cluster, (sums = blank()));
    for (const target of [total, sums]) {
      for (let i = 0; i < size; i += 1) {
        target.xy[i] += row.x[i] * row.y;
        for (let j = 0; j < size; j += 1) target.crossProducts[i][j] += row.x[i] * row.x[j];
      }
    }
  }
  return { total, clusters: [...byCluster.values()] };
}

function scaledOuterSum(vectors: Matrix, weights: number[]): Matrix {
  return vectors.map((_, i) => vectors.map((__, j) => weights.reduce((sum, w, k) => sum + w * vectors[i][k] * vectors[j][k], 0)));
}

/**
 * OLS with the CR2 cluster-robust variance of one coefficient and its Bell–McCaffrey degrees of freedom
 * (Imbens & Kolesár 2016, Rev. Econ. Stat. 98:701, eqs. for V_CR2 and K_BM). A cluster's adjustment
 * (I − H_gg)^(−1/2) is applied through the p×p eigen-decomposition of Lᵀ·X_gᵀX_g·L (M = L·Lᵀ = (XᵀX)⁻¹),
 * since H_gg has rank ≤ p: the work is O(n·p²), never a cluster-sized matrix.
 */
export function clusterRobustFit(rows: RegressionRow[], coefficientIndex: number): RobustCoefficient {
  const size = rows[0].x.length;
  const { total, clusters } = accumulate(rows, size);
  const inverse = invert(total.crossProducts);
  const beta = multiplyVector(inverse, total.xy);
  const root = cholesky(inverse);
  const rootT = transpose(root);
  const contrast = inverse.map((row) => row[coefficientIndex]);
  const scores: Matrix = [];
  const leverageTerms: Matrix = [];
  let sumLambda = 0;
  let sumSquaredNorms = 0;
  let sumNormTimesQuadratic = 0;
  for (const { crossProducts, xy } of clusters) {
    const { values, vectors } = symmetricEigen(multiply(multiply(rootT, crossProducts), root));
    if (Math.max(...values) > 1 - 1e-10) {
      throw new RangeError('a cluster alone determines a coefficient: each arm needs at least 2 clusters');
    }
    const kept = values.map((value) => (value > 1e-12 ? value : 0));
    const adjust = scaledOuterSum(vectors, kept.map((value) => (value ? (1 / Math.sqrt(1 - value) - 1) / value : 0)));
    const adjustSquared = scaledOuterSum(vectors, kept.map((value) => (value ? 1 / (1 - value) : 0)));
    const spread = multiply(multiply(multiply(crossProducts, root), adjust), rootT);
    const apply = (v: number[]) => v.map((value, i) => value + dot(spread[i], v));
    const residualScore = xy.map((value, i) => value - dot(crossProducts[i], beta));
    scores.push(apply(residualScore));
    const leverageOfContrast = multiplyVector(crossProducts, contrast);
    const projected = multiplyVector(rootT, leverageOfContrast);
    const squaredNorm = dot(contrast, leverageOfContrast) + dot(projected, multiplyVector(adjustSquared, projected));
    const b = apply(leverageOfContrast);
    const quadratic = dot(b, multiplyVector(inverse, b));
    leverageTerms.push(b);
    sumLambda += squaredNorm - quadratic;
    sumSquaredNorms += squaredNorm ** 2;
    sumNormTimesQuadratic += squaredNorm * quadratic;
  }
  const meat = scaledOuterSum(transpose(scores), scores.map(() => 1));
  const variance = dot(contrast, multiplyVector(meat, contrast));
  const leverageSum = multiply(inverse, scaledOuterSum(transpose(leverageTerms), leverageTerms.map(() => 1)));
  const traceSquare = leverageSum.reduce((sum, row, i) => sum + row.reduce((inner, value, j) => inner + value * leverageSum[j][i], 0), 0);
  const sumLambdaSquared = sumSquaredNorms - 2 * sumNormTimesQuadratic + traceSquare;
  return {
    coefficient: beta[coefficientIndex],
    coefficients: beta,
    standardError: Math.sqrt(variance),
    degreesOfFreedom: sumLambda ** 2 / sumLambdaSquared,
  };
}
