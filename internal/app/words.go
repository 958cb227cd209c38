package app

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/linli-dev/linli/internal/moderation"
	"github.com/linli-dev/linli/internal/service"
)

// builtinWords is a deliberately small starting list; each deployment keeps its
// own in a file (-sensitive-words) that its committee can edit.
var builtinWords = []string{"傻逼", "操你", "去死", "法轮", "代开发票", "赌博网站", "贷款秒批"}

// loadScreen builds the sensitive-word check from the configured file, or the
// built-in list when none is given.
func loadScreen(path string) (service.Screen, int, error) {
	words := builtinWords
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, 0, fmt.Errorf("sensitive words: %w", err)
		}
		defer f.Close()
		words = nil
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if w := strings.TrimSpace(sc.Text()); w != "" && !strings.HasPrefix(w, "#") {
				words = append(words, w)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, 0, fmt.Errorf("sensitive words: %w", err)
		}
	}
	list := moderation.NewList(words)
	return func(text string) (string, bool) {
		m, ok := list.First(text)
		return m.Word, ok
	}, list.Len(), nil
}
