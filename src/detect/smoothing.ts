/**
 * Causal rolling median: out[i] = median of scores[max(0, i-k+1) .. i]
 * (a shorter window at the start). Causal so that a live twin can apply it
 * row by row; a median rather than a mean so one spike neither raises nor
 * hides an alarm. k = 1 returns a copy. Requires k >= 1.
 */
export function rollingMedian(scores: readonly number[], k: number): number[] {
  if (k <= 1) return [...scores];
  return scores.map((_, i) => {
    const w = scores.slice(Math.max(0, i - k + 1), i + 1).sort((a, b) => a - b);
    const m = w.length >> 1;
    return w.length % 2 ? w[m]! : (w[m - 1]! + w[m]!) / 2;
  });
}
