package moderation

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// Match is one occurrence of a listed word in a text.
type Match struct {
	// Word is the list entry as it was configured (not its normalized form),
	// so the author is told the word the moderators wrote down.
	Word string
	// Start and End are byte offsets in the original text: text[Start:End]
	// runs from the first to the last character of the evasive spelling,
	// including whatever was slipped between them ("傻 \u200b逼").
	Start, End int
}

// List is a sensitive-word list compiled into an Aho–Corasick automaton over
// normalized runes, so checking a post takes time linear in the post whatever
// the size of the list. A List is immutable after NewList and safe for
// concurrent use; a nil *List matches nothing.
type List struct {
	words   []string // entries as configured, by word id
	lengths []int    // normalized length in runes, by word id
	maxLen  int      // longest normalized word, in runes

	// alphabet numbers the runes that occur in some word. A rune outside it
	// cannot continue any match, so the automaton goes back to the root.
	alphabet alphabet
	// rootNext is the root's transitions, dense by symbol: the root is where
	// a scan spends most of its time and has the most children. 0 means none.
	rootNext []int32
	nodes    []node
	edges    []edge // the children of every node but the root, grouped by parent
}

// node is one state of the automaton: a prefix of one or more words.
type node struct {
	first, count int32 // this node's children are edges[first : first+count], sorted by symbol
	fail         int32 // the longest proper suffix of this prefix that is also a prefix
	word         int32 // the word that ends here, or -1
	dict         int32 // the nearest node on the fail chain where a word ends, or -1
}

type edge struct {
	sym, next int32
}

// NewList compiles words into a List. Each word is normalized (see
// Normalize); words that normalize to nothing are skipped, and of several that
// normalize alike ("傻逼", "傻 逼") the first is kept and reported.
func NewList(words []string) *List {
	l := new(List)
	seen := make(map[string]bool, len(words))
	var keys [][]int32 // each kept word as symbols
	for _, w := range words {
		n := Normalize(w)
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		key := make([]int32, 0, len(n))
		for _, r := range n {
			key = append(key, l.alphabet.add(r))
		}
		l.words = append(l.words, w)
		l.lengths = append(l.lengths, len(key))
		l.maxLen = max(l.maxLen, len(key))
		keys = append(keys, key)
	}
	l.buildTrie(keys)
	l.linkFailures()
	return l
}

// buildTrie lays the trie of keys out compactly: edges sorted by parent then
// symbol, so each node's children are one contiguous, binary-searchable run.
func (l *List) buildTrie(keys [][]int32) {
	type triple struct{ parent, sym, child int32 }
	var all []triple
	child := make(map[[2]int32]int32) // (parent, symbol) → child, while building
	l.nodes = []node{{word: -1, dict: -1}}
	for id, key := range keys {
		cur := int32(0)
		for _, sym := range key {
			next, ok := child[[2]int32{cur, sym}]
			if !ok {
				next = int32(len(l.nodes))
				l.nodes = append(l.nodes, node{word: -1, dict: -1})
				child[[2]int32{cur, sym}] = next
				all = append(all, triple{cur, sym, next})
			}
			cur = next
		}
		l.nodes[cur].word = int32(id)
	}
	slices.SortFunc(all, func(a, b triple) int {
		return cmp.Or(cmp.Compare(a.parent, b.parent), cmp.Compare(a.sym, b.sym))
	})
	l.rootNext = make([]int32, l.alphabet.size)
	for _, t := range all {
		if t.parent == 0 {
			l.rootNext[t.sym] = t.child
			continue
		}
		p := &l.nodes[t.parent]
		if p.count == 0 {
			p.first = int32(len(l.edges))
		}
		p.count++
		l.edges = append(l.edges, edge{t.sym, t.child})
	}
}

// linkFailures computes fail and dict links breadth-first, so a node's links
// are set only after those of every shorter prefix.
func (l *List) linkFailures() {
	queue := make([]int32, 0, len(l.nodes))
	for _, c := range l.rootNext {
		if c != 0 {
			queue = append(queue, c) // depth 1: fail is the root, set already
		}
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		n := l.nodes[u]
		for _, e := range l.edges[n.first : n.first+n.count] {
			f := n.fail
			for f != 0 && l.child(f, e.sym) == 0 {
				f = l.nodes[f].fail
			}
			fail := l.child(f, e.sym)
			v := &l.nodes[e.next]
			v.fail = fail
			if l.nodes[fail].word >= 0 {
				v.dict = fail
			} else {
				v.dict = l.nodes[fail].dict
			}
			queue = append(queue, e.next)
		}
	}
}

// child returns the child of node n along sym, or 0 (the root) if none.
func (l *List) child(n, sym int32) int32 {
	if n == 0 {
		return l.rootNext[sym]
	}
	nd := l.nodes[n]
	es := l.edges[nd.first : nd.first+nd.count]
	if len(es) <= 8 {
		for _, e := range es {
			if e.sym == sym {
				return e.next
			}
		}
		return 0
	}
	i, ok := slices.BinarySearchFunc(es, sym, func(e edge, s int32) int { return cmp.Compare(e.sym, s) })
	if !ok {
		return 0
	}
	return es[i].next
}

// Len returns the number of distinct words in the list after normalization.
func (l *List) Len() int {
	if l == nil {
		return 0
	}
	return len(l.words)
}

// Find returns every occurrence of every listed word in text, ordered by
// Start and, at the same Start, longest first. Occurrences may overlap: with
// "傻逼" and "逼" listed, "傻逼" yields both. It returns nil when nothing matches.
func (l *List) Find(text string) []Match {
	var found []Match
	l.scan(text, func(h hit) bool {
		found = append(found, h.Match)
		return true
	})
	slices.SortFunc(found, compareMatches)
	return found
}

// First returns the match Find would list first, without collecting the
// rest; ok is false when text is clean. It is the cheap check for "may this
// be posted, and if not, why".
func (l *List) First(text string) (m Match, ok bool) {
	var best hit
	l.scan(text, func(h hit) bool {
		// Hits arrive by end position; one that ends this far on cannot
		// start before best, and neither can any after it.
		if ok && h.endIndex >= best.startIndex+l.maxLen {
			return false
		}
		if !ok || compareMatches(h.Match, best.Match) < 0 {
			best, ok = h, true
		}
		return true
	})
	return best.Match, ok
}

// compareMatches orders matches as Find returns them: by Start, then longest first.
func compareMatches(a, b Match) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
}

// hit is a Match with its position counted in normalized runes.
type hit struct {
	Match
	startIndex, endIndex int
}

// scan feeds the normalized runes of text through the automaton and calls
// yield for each hit, in order of where it ends, until yield returns false.
func (l *List) scan(text string, yield func(hit) bool) {
	if l.Len() == 0 {
		return
	}
	// starts remembers the original offsets of the last maxLen kept runes:
	// all that is needed to map a hit's first rune back into text.
	var buf [64]int
	var starts []int
	if l.maxLen <= len(buf) {
		starts = buf[:l.maxLen]
	} else {
		starts = make([]int, l.maxLen)
	}
	state, kept := int32(0), 0
	for i, r := range text {
		folded, ok := fold(r)
		if !ok {
			continue
		}
		starts[kept%l.maxLen] = i
		kept++
		sym, ok := l.alphabet.lookup(folded)
		if !ok {
			state = 0
			continue
		}
		for state != 0 && l.child(state, sym) == 0 {
			state = l.nodes[state].fail
		}
		state = l.child(state, sym)
		n := state
		if l.nodes[n].word < 0 {
			n = l.nodes[n].dict
		}
		for n > 0 {
			w := l.nodes[n].word
			first := kept - l.lengths[w]
			h := hit{
				Match:      Match{Word: l.words[w], Start: starts[first%l.maxLen], End: i + utf8.RuneLen(r)},
				startIndex: first,
				endIndex:   kept - 1,
			}
			if !yield(h) {
				return
			}
			n = l.nodes[n].dict
		}
	}
}
