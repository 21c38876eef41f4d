/**
 * POSIX shell quoting for commands sent over SSH (the remote login shell parses them once more), and
 * splitting of user-written argument strings such as `ansible_ssh_common_args`.
 */

/** shQuote quotes one word for a POSIX shell: `it's` → `'it'\''s'`. */
export function shQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** shJoin quotes every word of an argv and joins them with spaces. */
export function shJoin(argv: readonly string[]): string {
  return argv.map(shQuote).join(' ');
}

/**
 * splitShellWords splits `-o ProxyJump=bastion -o 'ProxyCommand=ssh -W %h:%p gw'` the way a shell would
 * (single and double quotes, backslashes; no expansions). Returns null on an unterminated quote.
 */
export function splitShellWordsOrNull(text: string): string[] | null {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) cur += text[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(cur);
  return words;
}

/** splitShellWords is splitShellWordsOrNull that throws a plain Error on an unterminated quote. */
export function splitShellWords(text: string): string[] {
  const words = splitShellWordsOrNull(text);
  if (words === null) throw new Error(`unterminated quote in: ${text}`);
  return words;
}
