/** Test support for the small-cell rules (AGG-2): the differencing attacker the property tests play. */

/** One equation: coefficients over unknowns (by name) and its right-hand side. */
export type Equation = Map<string, number>;

/**
 * A differencing attacker: every published count and every sum known to hold, combined
 * linearly (Gaussian elimination). Returns the unknowns whose value the equations fix.
 */
export function pinned(unknowns: readonly string[], equations: readonly Equation[]): string[] {
  const index = new Map(unknowns.map((u, i) => [u, i]));
  const rows = equations.map((eq) => {
    const row = new Array<number>(unknowns.length).fill(0);
    for (const [u, k] of eq) if (index.has(u)) row[index.get(u)!]! += k;
    return row;
  });
  const rank = (matrix: number[][]) => {
    const m = matrix.map((r) => [...r]);
    let r = 0;
    for (let c = 0; c < unknowns.length && r < m.length; c++) {
      const p = m.findIndex((row, i) => i >= r && Math.abs(row[c]!) > 1e-9);
      if (p < 0) continue;
      [m[r], m[p]] = [m[p]!, m[r]!];
      for (let i = 0; i < m.length; i++) {
        if (i === r) continue;
        const f = m[i]![c]! / m[r]![c]!;
        if (f !== 0) for (let k = 0; k < unknowns.length; k++) m[i]![k]! -= f * m[r]![k]!;
      }
      r++;
    }
    return r;
  };
  const base = rank(rows);
  return unknowns.filter((u) => rank([...rows, unknowns.map((v) => (v === u ? 1 : 0))]) === base);
}
