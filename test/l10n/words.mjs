// What the pseudo-locale test counts as left in English: words of plain ASCII letters outside
// ⟦…⟧, less data values (names from the data, day and month names of dates, codes).
const DATES = 'mon tue wed thu fri sat sun jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');
const CODES = ['utc', 'usd', 'csv', 'json', 'ndjson'];

/** The plain-English words of `text` that are not data values (`allowed`, lower-case). */
export function plainWords(text, allowed) {
  const outside = text.replace(/⟦[^⟧]*⟧/g, ' ');
  return (outside.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => {
    const lower = w.toLowerCase();
    return !allowed.has(lower) && !DATES.includes(lower) && !CODES.includes(lower);
  });
}
