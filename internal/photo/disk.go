package photo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DiskStore keeps photos as files under Dir, one file per key.
type DiskStore struct {
	Dir string
}

var _ Store = (*DiskStore)(nil)

// path checks key and returns its file name under Dir.
func (s *DiskStore) path(key string) (string, error) {
	if err := ValidKey(key); err != nil {
		return "", err
	}
	return filepath.Join(s.Dir, filepath.FromSlash(key)), nil
}

// Put writes data to a temporary file beside the target, syncs it, renames
// it into place and syncs the directories up to Dir, so that after a crash
// the key holds either nothing or all of data. contentType is not kept: the
// key's extension implies it. It returns ErrInvalidKey for a bad key.
func (s *DiskStore) Put(ctx context.Context, key string, data []byte, contentType string) error {
	name, err := s.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	dir := filepath.Dir(name)
	_, statErr := os.Stat(dir)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("photo: put %s: %w", key, err)
	}
	if err := writeAtomic(dir, name, data); err != nil {
		return fmt.Errorf("photo: put %s: %w", key, err)
	}
	// Sync the file's directory for the rename and, if MkdirAll made
	// directories, every parent up to Dir so that they survive too.
	dirs := []string{dir}
	if statErr != nil {
		segs := strings.Split(key, "/")
		for i := len(segs) - 2; i >= 0; i-- {
			dirs = append(dirs, filepath.Join(s.Dir, filepath.FromSlash(strings.Join(segs[:i], "/"))))
		}
	}
	for _, d := range dirs {
		if err := syncDir(d); err != nil {
			return fmt.Errorf("photo: put %s: %w", key, err)
		}
	}
	return nil
}

func writeAtomic(dir, name string, data []byte) (err error) {
	// A leading dot: ValidKey refuses such names, so no key can see it.
	f, err := os.CreateTemp(dir, ".put-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o640); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

func syncDir(dir string) error {
	if dir == "" {
		dir = "."
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Open returns the file under key and its size. It returns ErrNotFound
// (which also matches fs.ErrNotExist) if there is none, and ErrInvalidKey
// for a bad key.
func (s *DiskStore) Open(ctx context.Context, key string) (io.ReadSeekCloser, int64, error) {
	name, err := s.path(key)
	if err != nil {
		return nil, 0, err
	}
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fmt.Errorf("%w: %s: %w", ErrNotFound, key, err)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("photo: open %s: %w", key, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("photo: open %s: %w", key, err)
	}
	if !fi.Mode().IsRegular() { // "ab/cd" names a directory, not a photo
		f.Close()
		return nil, 0, fmt.Errorf("%w: %s: %w", ErrNotFound, key, fs.ErrNotExist)
	}
	return f, fi.Size(), nil
}

// Delete removes the file under key; a missing file is not an error. It
// returns ErrInvalidKey for a bad key. Emptied directories are left: they
// are few (at most 65536) and likely to be reused.
func (s *DiskStore) Delete(ctx context.Context, key string) error {
	name, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("photo: delete %s: %w", key, err)
	}
	return nil
}
