package load

import "testing"

func TestPickerFollowsWeightsExactlyPerCycle(t *testing.T) {
	cases := [][]int{{1}, {1, 1}, {3, 1}, {1, 2, 7}, {5, 10, 15}, {1000, 1}}
	for _, weights := range cases {
		p := newPicker(weights)
		got := make([]int, len(weights))
		for i := range p.total * 3 {
			got[p.pick(i)]++
		}
		for i, w := range weights {
			if got[i] != 3*w {
				t.Errorf("weights %v: target %d picked %d times in 3 cycles, want %d", weights, i, got[i], 3*w)
			}
		}
	}
}

func TestPickerInterleaves(t *testing.T) {
	// With 1:1, two requests in a row never go to the same target.
	p := newPicker([]int{1, 1})
	for i := range uint64(10) {
		if p.pick(i) == p.pick(i+1) {
			t.Fatalf("requests %d and %d both go to target %d", i, i+1, p.pick(i))
		}
	}
}
