// Parents' words into the index's words: the thesaurus, "Did you mean", and
// which words of a query match nothing. Pure functions, used by search.js.
//
// The thesaurus (data/thesaurus.yaml, in the search page as [phrase, search]
// pairs, longest phrase first) rewrites everyday words into the words the
// listings use: "late talker" -> "speech and language therapy". The
// vocabulary (search/words.json, every word of every indexed page with how
// many pages use it, written by generator/publish/vocabulary.py) says which
// typed words the index has: Pagefind answers a word it does not have with
// pages that have some other word ("welsh" finds "we"), so a word missing
// from the vocabulary is reported, and corrected when a close word exists.

// Words that say nothing about a service: left out when a query is matched word by word.
export const STOP_WORDS = new Set(
  "a an and are at be but by can do does for from get has have he her his how i in is it its me my near not of on or our she so that the their them they this to up was we what when where who with you your".split(
    " ",
  ),
);

// A query as the thesaurus compares it: lower case, words only.
export function words(text) {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) || []).map((w) => w.replace(/^'+|'+$/g, "")).filter(Boolean);
}

// The query with each thesaurus phrase replaced by what the listings say,
// and the phrases used: {text, used: [[phrase, search], ...], rest}. Once a phrase
// is replaced, only the listings' words are kept ("my child is not talking"
// is "speech and language therapy"): Pagefind finds only pages with every
// word, and "child" is not "children's". search.js searches the words as
// typed too, after; `rest`, the other words that say something, only order
// the results ("ASD support group": autism, support groups first).
export function expand(query, table) {
  let tokens = words(query);
  const used = [];
  for (const [phrase, search] of table) {
    const wanted = phrase.split(" ");
    for (let i = 0; i + wanted.length <= tokens.length; i++) {
      if (wanted.every((w, j) => sameWord(tokens[i + j], w))) {
        // Replaced words are kept apart as one token, so no shorter phrase matches inside them.
        tokens = [...tokens.slice(0, i), { search }, ...tokens.slice(i + wanted.length)];
        used.push([phrase, search]);
        break;
      }
    }
  }
  const kept = used.length ? tokens.filter((t) => typeof t !== "string") : tokens;
  const text = kept.map((t) => (typeof t === "string" ? t : t.search)).join(" ");
  const rest = used.length ? tokens.filter((t) => typeof t === "string" && !STOP_WORDS.has(t)) : [];
  return { text, used, rest };
}

// A typed word is a phrase's word, or it with an ending: "stammering" is "stammer".
const ENDINGS = ["s", "es", "ing", "ed", "er", "ers"];
function sameWord(typed, word) {
  if (typeof typed !== "string") return false;
  if (typed === word) return true;
  return word.length >= 4 && ENDINGS.some((ending) => typed === word + ending);
}

// Whether the index has a word, or one Pagefind would find for it: it
// matches words by their stem and by their start, so "talked" finds "talk"
// and "therap" finds "therapy". A shorter word counts only when at most three
// letters are missing from it ("we" is not "welsh").
export function known(word, vocabulary) {
  if (vocabulary.counts.has(word)) return true;
  const { sorted } = vocabulary;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < word) low = middle + 1;
    else high = middle;
  }
  if (low < sorted.length && sorted[low].startsWith(word)) return true;
  for (let length = word.length - 1; length >= Math.max(4, word.length - 3); length--) {
    if (vocabulary.counts.has(word.slice(0, length))) return true;
  }
  return false;
}

// The closest word of the index to a word it does not have, or null: none
// for words under four letters, else at most
// one change away for short words, two for words of seven letters or more;
// the more pages use a word, the likelier it is what was meant.
export function suggest(word, vocabulary) {
  if (word.length < 4) return null; // one letter off a short word is any word
  const limit = word.length >= 7 ? 2 : 1;
  let best = null;
  for (const [candidate, count] of vocabulary.counts) {
    if (Math.abs(candidate.length - word.length) > limit || candidate.length < 3) continue;
    const d = distance(word, candidate, limit);
    if (d > limit) continue;
    if (!best || d < best.d || (d === best.d && count > best.count)) best = { word: candidate, d, count };
  }
  return best ? best.word : null;
}

// Optimal string alignment distance (Levenshtein with swapped neighbours),
// stopping once it must exceed `limit`.
function distance(a, b, limit) {
  let previous2 = null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2] + 1);
      }
      current.push(value);
      smallest = Math.min(smallest, value);
    }
    if (smallest > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}

// The vocabulary file as lookups: {counts: Map(word -> pages), sorted: [word]}.
export function vocabularyOf(json) {
  const counts = new Map(Object.entries(json.words || {}));
  return { counts, sorted: [...counts.keys()].sort() };
}
