/** Shell-like word splitting for `command: CMD`, without ever running a shell. */
import { DeckhandError } from '../../src/errors.js';

/**
 * splitArgv splits a command line into words as POSIX sh would for quoting only: whitespace separates,
 * '…' is literal, "…" honours \\ \" \$ \`, a backslash outside quotes escapes the next character.
 * Nothing else (globs, $VARS, pipes) is interpreted. An unclosed quote is E_MODULE on field `cmd`.
 */
export function splitArgv(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unclosed(line, "'");
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      i++;
      for (; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length && '\\"$`\n'.includes(line[i + 1]!)) i++;
        word += line[i];
      }
      if (i >= line.length) throw unclosed(line, '"');
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new DeckhandError('E_MODULE', 'cmd is empty', { context: { field: 'cmd' } });
  return words;
}

function unclosed(line: string, q: string): DeckhandError {
  return new DeckhandError('E_MODULE', `cmd has an unclosed ${q} quote: ${line}`, {
    context: { field: 'cmd' },
  });
}
