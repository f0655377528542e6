// The marked text cut into number / word / newline / punctuation tokens, and the small tests the
// field readers ask of one token. Token kinds are plain numbers, not strings or objects, because
// these tests run for nearly every token of every post.

export const NUM = 0;
export const WORD = 1;
export const PUNCT = 2;
export const EOL = 3;
/** k: the kind, s: the text, p: the offset in the marked text (to tell "20x" from "20 x"). */
export type TTok = { k: number; s: string; p: number };
const TOKEN = /(\d[\d.,]*\d|\d|\.\d+)|([a-z]+)|(\n)|([^\s\da-z])/g;
const SMALL_INT = /^(?:[1-9]|1\d|20)$/;

export function tokenize(work: string): TTok[] {
  const out: TTok[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(work); m !== null; m = TOKEN.exec(work)) {
    const k = m[1] !== undefined ? NUM : m[2] !== undefined ? WORD : m[3] !== undefined ? EOL : PUNCT;
    out.push({ k, s: m[0], p: m.index });
  }
  return out;
}

export const setOf = (...words: string[]): ReadonlySet<string> => new Set(words);

export const isWord = (t: TTok | undefined, w: string) => t !== undefined && t.k === WORD && t.s === w;
export const isPunct = (t: TTok | undefined, c: string) => t !== undefined && t.k === PUNCT && t.s === c;
export const wordIn = (t: TTok | undefined, set: ReadonlySet<string>) => t !== undefined && t.k === WORD && set.has(t.s);
export const punctIn = (t: TTok | undefined, set: ReadonlySet<string>) => t !== undefined && t.k === PUNCT && set.has(t.s);
/** An item or target number: 1 to 20. */
export const isSmallInt = (t: TTok | undefined) => t !== undefined && t.k === NUM && SMALL_INT.test(t.s);
export const isNum = (t: TTok | undefined) => t !== undefined && t.k === NUM;

/** The index after at most `max` words of `words` from token j. */
export function skipWords(t: TTok[], j: number, words: ReadonlySet<string>, max: number): number {
  let k = j;
  while (k - j < max && wordIn(t[k], words)) k++;
  return k;
}
