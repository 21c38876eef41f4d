/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1): several challenges in one header, several headers,
 * quoted strings with commas and escapes, any casing of scheme and parameter names, token68.
 */

/** Challenge is one authentication challenge: a lowercase scheme and lowercase parameter names. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
  token68?: string;
}

const TOKEN_END = /[\s,="]/;

/** parseChallenges parses every challenge of one or more `WWW-Authenticate` header values. */
export function parseChallenges(headers: string | string[] | undefined): Challenge[] {
  if (headers === undefined) return [];
  const values = Array.isArray(headers) ? headers : [headers];
  return values.flatMap(parseOne);
}

function parseOne(s: string): Challenge[] {
  const out: Challenge[] = [];
  let cur: Challenge | undefined;
  let i = 0;
  let commaSinceScheme = false;
  const skipWs = (): void => {
    while (i < s.length && /\s/.test(s[i] as string)) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < s.length && !TOKEN_END.test(s[i] as string)) i++;
    return s.slice(start, i);
  };
  const readQuoted = (): string => {
    let v = '';
    i++; // opening quote
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      v += s[i];
      i++;
    }
    i++; // closing quote (or end)
    return v;
  };

  while (i < s.length) {
    skipWs();
    if (s[i] === ',') {
      commaSinceScheme = true;
      i++;
      continue;
    }
    if (i >= s.length) break;
    if (s[i] === '"') {
      readQuoted(); // a stray quoted string: skip it
      continue;
    }
    const tok = readToken();
    if (tok === '') {
      i++;
      continue;
    }
    skipWs();
    if (s[i] === '=') {
      let eq = 0;
      while (s[i + eq] === '=') eq++;
      const after = i + eq;
      let j = after;
      while (j < s.length && /[ \t]/.test(s[j] as string)) j++;
      const isParam = eq === 1 && j < s.length && s[j] !== ',';
      if (cur && isParam) {
        i = j;
        const value = s[i] === '"' ? readQuoted() : readToken();
        cur.params[tok.toLowerCase()] = value;
        continue;
      }
      i = after;
      if (cur && !commaSinceScheme && Object.keys(cur.params).length === 0)
        cur.token68 = tok + '='.repeat(eq);
      continue;
    }
    if (cur && !commaSinceScheme && Object.keys(cur.params).length === 0 && cur.token68 === undefined) {
      cur.token68 = tok;
      continue;
    }
    cur = { scheme: tok.toLowerCase(), params: {} };
    commaSinceScheme = false;
    out.push(cur);
  }
  return out;
}

/** bearerScopes returns the scopes a Bearer challenge asks for (its `scope` parameter, space-separated). */
export function challengeScopes(c: Challenge): string[] {
  return (c.params.scope ?? '').split(' ').filter((x) => x !== '');
}

/** pickChallenge chooses Bearer over Basic; undefined when neither is offered. */
export function pickChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}
