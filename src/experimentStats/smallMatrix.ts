/** Dense helpers for the p×p matrices of a regression with a handful of columns (p ≤ 4 here). */
export type Matrix = number[][];

export function multiply(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0].map((_, j) => row.reduce((sum, value, k) => sum + value * b[k][j], 0)));
}

export function multiplyVector(a: Matrix, v: number[]): number[] {
  return a.map((row) => row.reduce((sum, value, k) => sum + value * v[k], 0));
}

export function transpose(a: Matrix): Matrix {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

export function dot(a: number[], b: number[]): number {
  return a.reduce((sum, value, k) => sum + value * b[k], 0);
}

export function identity(size: number): Matrix {
  return Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (i === j ? 1 : 0)));
}

/** Inverse by Gauss–Jordan with partial pivoting; throws on a singular matrix. */
export function invert(a: Matrix): Matrix {
  const size = a.length;
  const work = a.map((row, i) => [...row, ...identity(size)[i]]);
  for (let column = 0; column < size; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < size; row += 1) {
      if (Math.abs(work[row][column]) > Math.abs(work[pivot][column])) pivot = row;
    }
    if (Math.abs(work[pivot][column]) < 1e-12) throw new RangeError('the design is singular (a column is constant or duplicated)');
    [work[column], work[pivot]] = [work[pivot], work[column]];
    const scale = work[column][column];
    work[column] = work[column].map((value) => value / scale);
    for (let row = 0; row < size; row += 1) {
      if (row === column) continue;
      const factor = work[row][column];
      work[row] = work[row].map((value, k) => value - factor * work[column][k]);
    }
  }
  return work.map((row) => row.slice(size));
}

/** Lower-triangular L with L·Lᵀ = a, for a symmetric positive definite a. */
export function cholesky(a: Matrix): Matrix {
  const size = a.length;
  const lower = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i][j];
      for (let k = 0; k < j; k += 1) sum -= lower[i][k] * lower[j][k];
      lower[i][j] = i === j ? Math.sqrt(Math.max(sum, 0)) : sum / lower[j][j];
    }
  }
  return lower;
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix, by cyclic Jacobi rotations. */
export function symmetricEigen(a: Matrix): { values: number[]; vectors: Matrix } {
  const size = a.length;
  const work = a.map((row) => [...row]);
  const vectors = identity(size);
  for (let sweep = 0; sweep < 50; sweep += 1) {
    let offDiagonal = 0;
    for (let i = 0; i < size; i += 1) for (let j = i + 1; j < size; j += 1) offDiagonal += work[i][j] ** 2;
    if (offDiagonal < 1e-30) break;
    for (let p = 0; p < size; p += 1) {
      for (let q = p + 1; q < size; q += 1) {
        if (Math.abs(work[p][q]) < 1e-300) continue;
        const theta = (work[q][q] - work[p][p]) / (2 * work[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k += 1) {
          const kp = work[k][p];
          const kq = work[k][q];
          work[k][p] = c * kp - s * kq;
          work[k][q] = s * kp + c * kq;
        }
        for (let k = 0; k < size; k += 1) {
          const pk = work[p][k];
          const qk = work[q][k];
          work[p][k] = c * pk - s * qk;
          work[q][k] = s * pk + c * qk;
        }
        for (let k = 0; k < size; k += 1) {
          const kp = vectors[k][p];
          const kq = vectors[k][q];
          vectors[k][p] = c * kp - s * kq;
          vectors[k][q] = s * kp + c * kq;
        }
      }
    }
  }
  return { values: work.map((row, i) => row[i]), vectors };
}
