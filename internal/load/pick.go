package load

// picker spreads requests over targets in proportion to their weights,
// deterministically: request number i maps to a slot in a cycle of total
// weight, and slots are visited in a strided order so targets interleave
// instead of coming in blocks.
type picker struct {
	cum    []uint64 // cumulative weights
	total  uint64
	stride uint64 // coprime with total, so the cycle visits every slot once
}

func newPicker(weights []int) picker {
	p := picker{}
	for _, w := range weights {
		p.total += uint64(w)
		p.cum = append(p.cum, p.total)
	}
	p.stride = max(uint64(float64(p.total)*0.6180339887), 1) // golden ratio mixes well
	for gcd(p.stride, p.total) != 1 {
		p.stride++
	}
	return p
}

// pick returns the target index for request number i.
func (p picker) pick(i uint64) int {
	slot := (i % p.total) * p.stride % p.total
	lo, hi := 0, len(p.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if slot < p.cum[m] {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
