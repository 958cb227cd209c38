package moderation

// alphabet numbers the runes that occur in a list's words, so the automaton
// can index its root by a small dense symbol. Looking a rune up is the one
// thing a scan does for every character of a post, so runes of the Basic
// Multilingual Plane, where Chinese and nearly all text lives, are found in
// two array loads through pages of 256; the rare rest go through a map.
type alphabet struct {
	bmp    [256]*[256]int32 // symbol+1 by rune; 0 and nil pages mean absent
	astral map[rune]int32
	size   int32
}

// lookup returns the symbol of r, or false when no word contains r.
func (a *alphabet) lookup(r rune) (int32, bool) {
	if r < 0x10000 {
		page := a.bmp[r>>8]
		if page == nil {
			return 0, false
		}
		s := page[r&0xFF]
		return s - 1, s != 0
	}
	s, ok := a.astral[r]
	return s, ok
}

// add returns the symbol of r, numbering it if it is new.
func (a *alphabet) add(r rune) int32 {
	if s, ok := a.lookup(r); ok {
		return s
	}
	s := a.size
	a.size++
	if r < 0x10000 {
		if a.bmp[r>>8] == nil {
			a.bmp[r>>8] = new([256]int32)
		}
		a.bmp[r>>8][r&0xFF] = s + 1
		return s
	}
	if a.astral == nil {
		a.astral = make(map[rune]int32)
	}
	a.astral[r] = s
	return s
}
