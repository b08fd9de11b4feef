# Reference values for tests/experimentStats/clusterRobust.test.ts, by the textbook definitions with full
# matrices: CR2 (Bell & McCaffrey 2002) with (I - H_gg)^(-1/2) from an eigen-decomposition of each cluster's
# block, and the Bell-McCaffrey df as (sum lambda)^2 / sum lambda^2 over the eigenvalues of G'G
# (Imbens & Kolesar 2016). Run: python3 tests/experimentStats/references/cr2Reference.py (numpy 2.4.6).
import numpy as np

def units():
    rows = []
    for g in range(8):
        treated = g % 2
        for i in range(3 + g % 4):
            outcome = ((g * 7 + i * 3) % 11) / 2 + treated * 1.5
            baseline = (g * 5 + i * 2) % 9
            rows.append((f"c{g}", treated, outcome + 0.3 * baseline, baseline))
    return rows

def cr2(X, y, clusters, j):
    n, p = X.shape
    M = np.linalg.inv(X.T @ X)
    beta = M @ X.T @ y
    e = y - X @ beta
    H = X @ M @ X.T
    ell = np.zeros(p); ell[j] = 1
    meat = np.zeros((p, p))
    G = []
    for c in sorted(set(clusters)):
        idx = np.array([k for k in range(n) if clusters[k] == c])
        w, V = np.linalg.eigh(np.eye(len(idx)) - H[np.ix_(idx, idx)])
        A = V @ np.diag(w ** -0.5) @ V.T
        u = X[idx].T @ A @ e[idx]
        meat += np.outer(u, u)
        col = np.zeros(n); col[idx] = A @ X[idx] @ M @ ell
        G.append((np.eye(n) - H) @ col)
    G = np.array(G).T
    lam = np.linalg.eigvalsh(G.T @ G)
    var = ell @ M @ meat @ M @ ell
    return beta[j], np.sqrt(var), lam.sum() ** 2 / (lam ** 2).sum()

rows = units()
y = np.array([r[2] for r in rows]); t = np.array([r[1] for r in rows], float); b = np.array([r[3] for r in rows], float)
clusters = [r[0] for r in rows]
ones = np.ones(len(rows))
print("clustered", *map(repr, cr2(np.column_stack([ones, t]), y, clusters, 1)))
print("adjusted clustered", *map(repr, cr2(np.column_stack([ones, t, b - b.mean()]), y, clusters, 1)))
singletons = [str(k) for k in range(len(rows))]
print("adjusted HC2", *map(repr, cr2(np.column_stack([ones, t, b - b.mean()]), y, singletons, 1)))
print("unadjusted HC2", *map(repr, cr2(np.column_stack([ones, t]), y, singletons, 1)))
