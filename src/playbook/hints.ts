/** "Did you mean" hints for misspelt keys and module names. */

/** editDistance is the Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** didYouMean returns the closest candidate within a distance that fits the word's length, if any. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    // On a tie, prefer a candidate the word is a subsequence of (a dropped letter is the usual typo).
    const better =
      d === bestDistance && best !== undefined && isSubsequence(word, c) && !isSubsequence(word, best);
    if (d < bestDistance || better) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** hintText formats a hint suffix: ` (did you mean "x"?)` or the empty string. */
export function hintText(word: string, candidates: Iterable<string>): string {
  const m = didYouMean(word, candidates);
  return m === undefined ? '' : ` (did you mean "${m}"?)`;
}

function isSubsequence(word: string, of: string): boolean {
  let i = 0;
  for (const ch of of.toLowerCase()) if (ch === word[i]?.toLowerCase()) i++;
  return i === word.length;
}
