package moderation

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// benchWords returns n distinct-ish words of two to four Chinese characters
// drawn from 3,000 characters, about the size of the set in everyday use, so
// the list shares its alphabet with the posts, as real lists do.
func benchWords(rng *rand.Rand, n int) []string {
	words := make([]string, n)
	for i := range words {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteRune(rune(0x4E00 + rng.IntN(3000)))
		}
		words[i] = b.String()
	}
	return words
}

// benchPost returns a post of n runes from the same characters, with a
// comma or full stop now and then and a few listed words slipped in.
func benchPost(rng *rand.Rand, n int, words []string) string {
	var rs []rune
	for len(rs) < n {
		switch k := rng.IntN(100); {
		case k < 8:
			rs = append(rs, []rune("，。")[rng.IntN(2)])
		case k < 9:
			rs = append(rs, []rune(words[rng.IntN(len(words))])...)
		default:
			rs = append(rs, rune(0x4E00+rng.IntN(3000)))
		}
	}
	return string(rs[:n])
}

func BenchmarkFind2000RunesWith5000Words(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 7))
	words := benchWords(rng, 5000)
	l := NewList(words)
	post := benchPost(rng, 2000, words)
	b.SetBytes(int64(len(post)))
	for b.Loop() {
		l.Find(post)
	}
}

func BenchmarkFirst2000CleanRunesWith5000Words(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 7))
	l := NewList(benchWords(rng, 5000))
	post := strings.Repeat("明天上午九点小区停水，请提前储水。", 2000/17)
	b.SetBytes(int64(len(post)))
	for b.Loop() {
		if _, ok := l.First(post); ok {
			b.Fatal("clean post matched")
		}
	}
}

func BenchmarkNewList5000Words(b *testing.B) {
	words := benchWords(rand.New(rand.NewPCG(7, 7)), 5000)
	for b.Loop() {
		NewList(words)
	}
}
