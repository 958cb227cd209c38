package photo

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestDiskStorePutOpenDelete(t *testing.T) {
	ctx := context.Background()
	s := &DiskStore{Dir: t.TempDir()}
	data := []byte("not really a jpeg")
	key := Key(hexSum(data), "jpg")

	if err := s.Put(ctx, key, data, "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	f, size, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	f.Close()
	if err != nil || !bytes.Equal(got, data) || size != int64(len(data)) {
		t.Fatalf("read %q (size %d), %v", got, size, err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, key[:2], key[3:5], key[6:])); err != nil {
		t.Errorf("not stored at its sharded path: %v", err)
	}
	assertNoTempFiles(t, s.Dir)

	if err := s.Delete(ctx, key); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Open(ctx, key); !errors.Is(err, ErrNotFound) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("open after delete: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, key); err != nil {
		t.Errorf("deleting again: %v, want nil", err)
	}
	if _, _, err := s.Open(ctx, key[:5]); !errors.Is(err, ErrNotFound) {
		t.Errorf("opening a directory: %v, want ErrNotFound", err)
	}
}

func TestDiskStoreReplacesAtomically(t *testing.T) {
	// Readers racing a writer that keeps replacing the object see one whole
	// version or the other, never a partial file.
	ctx := context.Background()
	s := &DiskStore{Dir: t.TempDir()}
	versions := [][]byte{bytes.Repeat([]byte("a"), 1<<20), bytes.Repeat([]byte("b"), 1<<20)}
	const key = "ab/cd/object.jpg"
	if err := s.Put(ctx, key, versions[0], "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for i := range 20 {
			if err := s.Put(ctx, key, versions[i%2], "image/jpeg"); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				f, _, err := s.Open(ctx, key)
				if err != nil {
					t.Error(err)
					return
				}
				got, err := io.ReadAll(f)
				f.Close()
				if err != nil || !bytes.Equal(got, versions[0]) && !bytes.Equal(got, versions[1]) {
					t.Errorf("read %d bytes that are neither version (%v)", len(got), err)
					return
				}
			}
		})
	}
	wg.Wait()
	assertNoTempFiles(t, s.Dir)
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(d.Name(), ".") {
			t.Errorf("temp file left behind: %s", path)
		}
		return nil
	})
}

func TestDiskStoreRefusesBadKeys(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := &DiskStore{Dir: filepath.Join(root, "photos")}
	for _, key := range []string{
		"", "../escape.jpg", "ab/../../escape.jpg", "/etc/passwd", "ab//cd.jpg", "ab/cd/", "/ab/cd.jpg",
		".hidden.jpg", "ab/.put-123", "AB/cd.jpg", "ab/cd.JPG", `ab\cd.jpg`, "ab cd.jpg", "ab/cd.jpg\x00",
		"ab/cd/é.jpg", "..", ".", strings.Repeat("a", 256),
	} {
		t.Run(key, func(t *testing.T) {
			if err := s.Put(ctx, key, []byte("x"), "image/jpeg"); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Put: %v", err)
			}
			if _, _, err := s.Open(ctx, key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Open: %v", err)
			}
			if err := s.Delete(ctx, key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Delete: %v", err)
			}
		})
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("bad keys wrote %v", entries)
	}
}

func TestKey(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	cases := []struct{ sum, ext, want string }{
		{sum, "jpg", "ab/ab/" + sum + ".jpg"},
		{sum, ".png", "ab/ab/" + sum + ".png"},
		{strings.ToUpper(sum), "JPG", "ab/ab/" + sum + ".jpg"},
	}
	for _, c := range cases {
		if got := Key(c.sum, c.ext); got != c.want {
			t.Errorf("Key(%q, %q) = %q, want %q", c.sum, c.ext, got, c.want)
		}
		if err := ValidKey(Key(c.sum, c.ext)); err != nil {
			t.Error(err)
		}
	}
}
