package textsearch

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Doc is a search candidate as the database returns it: the topic's title,
// and the text stored for it in the index (IndexText of its title and body).
type Doc struct {
	Title   string
	Indexed string
}

// BM25's usual constants (SQLite's bm25() and Lucene use the same): k1 is how
// fast repeats of a word stop adding to the score, b how much a long text is
// marked down.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Rank returns the indexes of docs, best match for the query q first. Equal
// matches keep their order in docs, so callers pass the newest first.
//
// Both databases only find candidates; the order is decided here, so SQLite
// and PostgreSQL rank alike:
//
//   - first, topics whose titles hold more of the query's tokens: a topic
//     named for the problem comes before one that mentions it in passing,
//     however often;
//   - then BM25 computed over the candidates themselves. Each query token
//     that occurs in a text adds tf·(k1+1) / (tf + k1·(1-b+b·len/avg)), where
//     tf is how often it occurs, len is the text's length in tokens and avg
//     the candidates' average length, so repeats count, with diminishing
//     returns, and long texts are marked down.
//
// Every query token weighs the same. Full BM25 weighs rare words up by their
// document frequency across the whole index; counting that is what made
// SQLite's bm25() cost as much in one neighborhood as in the district, and
// every candidate holds every token anyway (the search is an AND).
func Rank(q string, docs []Doc) []int {
	toks := QueryTokens(q)
	keys := make([]rankKey, len(docs))
	if len(toks) > 0 && len(docs) > 0 {
		tf := make([][]int, len(docs))
		lens := make([]int, len(docs))
		total := 0
		for i, d := range docs {
			tf[i], lens[i] = countTokens(d.Indexed, toks)
			total += lens[i]
		}
		avg := max(float64(total)/float64(len(docs)), 1)
		for i, d := range docs {
			keys[i] = rankKey{title: titleMatches(d.Title, toks), bm25: bm25(tf[i], float64(lens[i])/avg)}
		}
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(keys[b].title, keys[a].title); c != 0 {
			return c
		}
		return cmp.Compare(keys[b].bm25, keys[a].bm25)
	})
	return order
}

// rankKey is what Rank sorts by, most significant first.
type rankKey struct {
	title int     // query tokens found in the title
	bm25  float64 // BM25 of the indexed text
}

// bm25 returns the BM25 score of a text with the given counts of each query
// token and length relative to the average.
func bm25(tf []int, relLen float64) float64 {
	norm := bm25K1 * (1 - bm25B + bm25B*relLen)
	var s float64
	for _, n := range tf {
		if n > 0 {
			s += float64(n) * (bm25K1 + 1) / (float64(n) + norm)
		}
	}
	return s
}

// countTokens returns how often each of toks occurs in indexed (tokens joined
// by single spaces, as IndexText makes it) and how many tokens it has.
//
// A two-character Han token is counted as a substring: Han tokens are one or
// two characters long and the text has no other Han, so a pair of Han
// characters occurs only as that very token. Other tokens (words, numbers, a
// lone character) are compared token by token.
func countTokens(indexed string, toks []string) (counts []int, length int) {
	counts = make([]int, len(toks))
	if indexed == "" {
		return counts, 0
	}
	slow := false
	for j, t := range toks {
		if hanPair(t) {
			counts[j] = strings.Count(indexed, t)
		} else {
			slow = true
		}
	}
	length = strings.Count(indexed, " ") + 1
	for rest := indexed; slow && rest != ""; {
		var tok string
		tok, rest, _ = strings.Cut(rest, " ")
		for j, t := range toks {
			if tok == t && !hanPair(t) {
				counts[j]++
				break
			}
		}
	}
	return counts, length
}

// hanPair reports whether tok is two Han characters, a bigram.
func hanPair(tok string) bool {
	r, n := utf8.DecodeRuneInString(tok)
	if _, c := classify(r); c != han {
		return false
	}
	_, m := utf8.DecodeRuneInString(tok[n:])
	return m > 0 && n+m == len(tok)
}

// titleMatches returns how many of toks are tokens of title.
func titleMatches(title string, toks []string) int {
	found := make([]bool, len(toks))
	n := 0
	scan(title, func(tok string, _, _ int) {
		for j, t := range toks {
			if !found[j] && tok == t {
				found[j] = true
				n++
				break
			}
		}
	})
	return n
}
