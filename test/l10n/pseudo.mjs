// A pseudo-locale for tests: every message of ours becomes ⟦Ŵôŕðš⟧, so any text on screen still
// in plain English was not localised. Placeholders ({0}, {name}), codicons ($(graph)), code in
// backticks, setting links (#usageExplorer.x#) and link targets stay as they are, so the
// messages still work; a line that is only a Markdown link (a welcome-view button) keeps it.
const ACCENTS = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'ð',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'í',
  j: 'ĵ',
  k: 'ķ',
  l: 'ĺ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ó',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'ú',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Á',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Ð',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Í',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ĺ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ó',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Ú',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};
/** Parts of a message that must not change: placeholders, codicons, code, setting links, URLs, command ids. */
const KEEP = /(\{[^}]*\}|\$\([^)]*\)|`[^`]*`|#[\w.]+#|\]\([^)]*\)|https?:\/\/\S+|usageExplorer\.[\w.]+|\*\*|YYYY-MM-DD)/;

export const OPEN = '⟦';
export const CLOSE = '⟧';

function accent(text) {
  return text
    .split(KEEP)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[A-Za-z]/g, (c) => ACCENTS[c])))
    .join('');
}

/** One message in the pseudo-locale. */
export function pseudo(message) {
  return message
    .split('\n')
    .map((line) => {
      const link = /^\[([^\]]*)\]\(([^)]*)\)$/.exec(line);
      if (link) return `[${OPEN}${accent(link[1])}${CLOSE}](${link[2]})`;
      return line.trim() === '' ? line : `${OPEN}${accent(line)}${CLOSE}`;
    })
    .join('\n');
}

/** A bundle (package.nls.json or bundle.l10n.json) with every message in the pseudo-locale. */
export function pseudoBundle(bundle) {
  return Object.fromEntries(
    Object.entries(bundle).map(([key, value]) => [key, typeof value === 'string' ? pseudo(value) : { ...value, message: pseudo(value.message) }]),
  );
}
