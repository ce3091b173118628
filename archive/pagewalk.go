package archive

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strings"
)

// bbolt page layout, as far as walkFile needs it.
const (
	pageBranch     = 0x01
	pageLeaf       = 0x02
	elemSize       = 16
	bucketLeafFlag = 0x01
	inBucketSize   = 16 // root pgid, sequence
	maxTreeDepth   = 64
)

// walkFile checks the B+trees of the bbolt file at path from its newest
// valid meta page, reading it with pread (no mapping): every page
// reference is inside the file and below the high-water mark, every page
// says it is the page referenced, has the type its parent implies and
// element offsets inside itself, and no page is reached twice (a cycle
// would make bbolt loop or recurse forever). With order, the keys of each
// page must also ascend (of those in its first page: the check reads
// nothing more): bbolt's lookups and writes trust the order, so a write
// into a page whose keys are out of order damages it further. It returns
// the first problem found, wrapping ErrCorrupt.
func walkFile(path string, order bool) error {
	meta, err := checkFileMeta(path)
	if err != nil || meta == nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := &walker{f: f, ps: int64(meta.pageSize), hwm: meta.pgid, seen: map[uint64]bool{}, order: order}
	root, err := w.rootPgid(meta)
	if err != nil {
		return err
	}
	return w.tree(root, 0, "root", nil)
}

type walker struct {
	f    *os.File
	ps   int64
	hwm  uint64
	seen map[uint64]bool

	// collect, when set, makes a damaged page a problem (recorded and
	// skipped, with what hangs from it) rather than the end of the walk.
	collect  bool
	problems []string
	nbad     int
	// order checks that each page's keys ascend (see walkFile).
	order bool
	// visit, if set, is called for each key and value of each bucket
	// (path names the bucket from the top), and bucket for each bucket
	// before its contents. The slices are the walker's own and stay
	// valid: each page is read into a new buffer.
	visit  func(path [][]byte, k, v []byte) error
	bucket func(path [][]byte, name []byte, seq uint64) error
}

func (w *walker) bad(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// maxWalkProblems bounds the problems a collecting walk keeps (it counts
// them all in nbad).
const maxWalkProblems = 1000

// fail records err and returns nil when collecting; else returns err.
func (w *walker) fail(err error) error {
	if !w.collect || !errors.Is(err, ErrCorrupt) {
		return err
	}
	w.nbad++
	if len(w.problems) < maxWalkProblems {
		w.problems = append(w.problems, strings.TrimPrefix(err.Error(), ErrCorrupt.Error()+": "))
	}
	return nil
}

// rootPgid re-reads the chosen meta's root bucket page id.
func (w *walker) rootPgid(m *boltMeta) (uint64, error) {
	for _, off := range []int64{0, w.ps} {
		b := make([]byte, pageHeaderSize+metaSize)
		if _, err := w.f.ReadAt(b, off); err != nil {
			continue
		}
		if pm, ok := parseMeta(b[pageHeaderSize:]); ok && pm.txid == m.txid {
			return binary.LittleEndian.Uint64(b[pageHeaderSize+16:]), nil
		}
	}
	return 0, errors.New("meta page unreadable")
}

// page checks page id's header and reads its first page (full reads the
// overflow pages when they are needed).
func (w *walker) page(id uint64, from string) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		return nil, w.bad("%s refers to page %d, outside the file's pages 2..%d", from, id, w.hwm-1)
	}
	if w.seen[id] {
		return nil, w.bad("page %d is reached twice (from %s)", id, from)
	}
	w.seen[id] = true
	// Only the first page is read: element headers and bucket values
	// usually fit; node reads the rest when they do not (large values
	// live in overflow pages and need not be read at all). Its header is
	// checked before a short read is an error.
	b := make([]byte, w.ps)
	n, rerr := w.f.ReadAt(b, int64(id)*w.ps)
	if n < pageHeaderSize {
		return nil, w.bad("page %d: %v", id, rerr)
	}
	hdr := b[:pageHeaderSize]
	le := binary.LittleEndian
	if got := le.Uint64(hdr); got != id {
		return nil, w.bad("page %d says it is page %d (from %s)", id, got, from)
	}
	over := uint64(le.Uint32(hdr[12:]))
	if id+over >= w.hwm {
		return nil, w.bad("page %d: %d overflow pages run past the file's pages", id, over)
	}
	for i := uint64(1); i <= over; i++ {
		if w.seen[id+i] {
			return nil, w.bad("page %d: its overflow overlaps page %d", id, id+i)
		}
		w.seen[id+i] = true
	}
	if rerr != nil {
		return nil, w.bad("page %d: %v", id, rerr)
	}
	return b, nil
}

// full reads page id with its overflow pages.
func (w *walker) full(id uint64, p []byte) ([]byte, error) {
	over := int64(binary.LittleEndian.Uint32(p[12:]))
	b := make([]byte, (over+1)*w.ps)
	if _, err := w.f.ReadAt(b, int64(id)*w.ps); err != nil {
		return nil, w.bad("page %d: %v", id, err)
	}
	return b, nil
}

func (w *walker) tree(id uint64, depth int, from string, path [][]byte) error {
	if depth > maxTreeDepth {
		return w.fail(w.bad("tree deeper than %d pages at page %d", maxTreeDepth, id))
	}
	p, err := w.page(id, from)
	if err != nil {
		return w.fail(err)
	}
	return w.node(p, id, depth, true, path)
}

// node checks one branch or leaf page (p, or an inline bucket's page).
// Of a page read from the file (onDisk), p may be its first page only;
// size is its whole length.
func (w *walker) node(p []byte, id uint64, depth int, onDisk bool, path [][]byte) error {
	le := binary.LittleEndian
	flags, count := le.Uint16(p[8:]), int(le.Uint16(p[10:]))
	size := len(p)
	if onDisk {
		size = int((int64(le.Uint32(p[12:])) + 1) * w.ps)
	}
	need := func(end int) error { // makes p hold bytes up to end
		if end <= len(p) {
			return nil
		}
		b, err := w.full(id, p)
		if err == nil {
			p = b
		}
		return err
	}
	if flags&(pageBranch|pageLeaf) == 0 || flags&pageBranch != 0 && flags&pageLeaf != 0 {
		return w.fail(w.bad("page %d: neither a branch nor a leaf (flags %#x)", id, flags))
	}
	if pageHeaderSize+count*elemSize > size {
		return w.fail(w.bad("page %d: %d elements do not fit", id, count))
	}
	if err := need(pageHeaderSize + count*elemSize); err != nil {
		return w.fail(err)
	}
	var prev []byte // the previous key, when it was in p
	for i := 0; i < count; i++ {
		e := pageHeaderSize + i*elemSize
		if w.order {
			if err := w.checkOrder(p, id, i, e, flags, &prev); err != nil {
				return err
			}
		}
		switch {
		case flags&pageBranch != 0:
			pos, ksize := int(le.Uint32(p[e:])), int(le.Uint32(p[e+4:]))
			if e+pos+ksize > size || e+pos < 0 || ksize < 0 {
				if err := w.fail(w.bad("page %d element %d: key outside the page", id, i)); err != nil {
					return err
				}
				continue
			}
			if err := w.tree(le.Uint64(p[e+8:]), depth+1, fmt.Sprintf("page %d", id), path); err != nil {
				return err
			}
		case flags&pageLeaf != 0:
			eflags, pos := le.Uint32(p[e:]), int(le.Uint32(p[e+4:]))
			ksize, vsize := int(le.Uint32(p[e+8:])), int(le.Uint32(p[e+12:]))
			start := e + pos + ksize
			if pos < 0 || ksize < 0 || vsize < 0 || start+vsize > size || start < 0 || e+pos < 0 {
				if err := w.fail(w.bad("page %d element %d: key or value outside the page", id, i)); err != nil {
					return err
				}
				continue
			}
			if eflags&bucketLeafFlag == 0 && w.visit == nil {
				continue
			}
			if err := need(start + vsize); err != nil {
				return w.fail(err)
			}
			k, v := p[e+pos:start], p[start:start+vsize]
			if eflags&bucketLeafFlag == 0 {
				if err := w.visit(path, k, v); err != nil {
					return err
				}
				continue
			}
			if len(v) < inBucketSize {
				if err := w.fail(w.bad("page %d element %d: bucket header cut short", id, i)); err != nil {
					return err
				}
				continue
			}
			if w.bucket != nil {
				if err := w.bucket(path, k, le.Uint64(v[8:])); err != nil {
					return err
				}
			}
			sub := append(path[:len(path):len(path)], k)
			if root := le.Uint64(v); root != 0 {
				if err := w.tree(root, depth+1, fmt.Sprintf("bucket %q on page %d", k, id), sub); err != nil {
					return err
				}
			} else if len(v) > inBucketSize {
				inline := v[inBucketSize:]
				if len(inline) < pageHeaderSize || depth > maxTreeDepth {
					if err := w.fail(w.bad("page %d element %d: inline bucket cut short", id, i)); err != nil {
						return err
					}
					continue
				}
				if err := w.node(inline, id, depth+1, false, sub); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkOrder checks that key i of page id (element header at e of p)
// comes after the previous one, prev, when both are in p; it sets prev.
// A key out of order is a problem; a collecting walk goes on with it.
func (w *walker) checkOrder(p []byte, id uint64, i, e int, flags uint16, prev *[]byte) error {
	le := binary.LittleEndian
	pos, ksize := int(le.Uint32(p[e+4:])), int(le.Uint32(p[e+8:]))
	if flags&pageBranch != 0 {
		pos, ksize = int(le.Uint32(p[e:])), int(le.Uint32(p[e+4:]))
	}
	if pos < 0 || ksize < 0 || e+pos < 0 || e+pos+ksize > len(p) {
		*prev = nil // outside the page (named elsewhere) or in its overflow
		return nil
	}
	k := p[e+pos : e+pos+ksize]
	last := *prev
	*prev = k
	if last != nil && bytes.Compare(last, k) >= 0 {
		return w.fail(w.bad("page %d element %d: key out of order (the page's keys must ascend)", id, i))
	}
	return nil
}
