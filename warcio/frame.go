package warcio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Bounds on a record's WARC header, read before the parser sees it: a
// hostile or broken file (a 300 MB "header line", a header that never
// ends) costs at most this much memory, and is one bad record.
const (
	maxHeaderLine  = 64 << 10
	maxHeaderBlock = 1 << 20
	// maxVersionLine bounds the first line ("WARC/1.1\r\n").
	maxVersionLine = 64
)

var (
	errHeaderLine    = fmt.Errorf("a WARC header line is longer than %d KiB", maxHeaderLine>>10)
	errHeaderBlock   = fmt.Errorf("the WARC header is longer than %d KiB", maxHeaderBlock>>10)
	errVersionLine   = errors.New("no WARC version line (WARC/1.1) where the record starts")
	errHeaderNoBlank = errors.New("the WARC header does not end before the next record starts")
)

// readHeader reads one record's WARC header block, up to and including
// the blank line that ends it, within the bounds above. A version line
// that is none (too long) is an error before anything is read, and a
// header that runs into the next record ("WARC/" starts a line) ends
// before that line: after a broken record the reader tries each "WARC/"
// that follows, and reading each candidate on to the end of the input (or
// the 64 KiB line bound) made that quadratic: 100 KB of "WARC/1.1" lines
// took 2 s, 10 MB would take hours.
func readHeader(br *bufio.Reader) ([]byte, error) {
	if head, _ := br.Peek(maxVersionLine); len(head) == maxVersionLine && bytes.IndexByte(head, '\n') < 0 {
		return nil, errVersionLine
	}
	var hdr []byte
	for {
		start := len(hdr)
		if next, _ := br.Peek(len(warcMagic)); start > 0 && bytes.Equal(next, warcMagic) {
			return hdr, errHeaderNoBlank
		}
		for {
			frag, err := br.ReadSlice('\n')
			hdr = append(hdr, frag...)
			if len(hdr)-start > maxHeaderLine {
				return nil, errHeaderLine
			}
			if len(hdr) > maxHeaderBlock {
				return nil, errHeaderBlock
			}
			if err == nil {
				break
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return nil, fmt.Errorf("the WARC header is cut short: %w", err)
			}
		}
		if line := hdr[start:]; start > 0 && len(bytes.TrimRight(line, "\r\n")) == 0 {
			return hdr, nil
		}
	}
}

// contentLength reads Content-Length from a WARC header block; -1 if it is
// missing or not a number (the parser then reports it).
func contentLength(hdr []byte) int64 {
	for _, line := range bytes.Split(hdr, []byte("\n")) {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok || !bytes.EqualFold(bytes.TrimSpace(k), []byte("Content-Length")) {
			continue
		}
		n, err := strconv.ParseInt(string(bytes.TrimSpace(v)), 10, 64)
		if err != nil || n < 0 {
			return -1
		}
		return n
	}
	return -1
}

// blockReader hands the parser a record's block: at most its
// Content-Length bytes of the input, then the line ends that close the
// record (and nothing of the next record). got counts the block bytes
// read, to tell a block cut short by the end of the input; nested notes a
// line inside the block that starts a WARC record, which with no line end
// after the block says its Content-Length ran into the next records.
type blockReader struct {
	br      *bufio.Reader
	left    int64
	got     int64
	trailer int
	nested  bool
	tail    [len(recordLine) - 1]byte // the last bytes read, for a line split between reads
	ntail   int
}

const recordLine = "\nWARC/"

// see notes whether p, after what was read before it, holds recordLine.
func (b *blockReader) see(p []byte) {
	if b.nested || len(p) == 0 {
		return
	}
	var join [2 * (len(recordLine) - 1)]byte
	n := copy(join[:], b.tail[:b.ntail])
	n += copy(join[n:], p)
	if bytes.Contains(join[:n], []byte(recordLine)) || bytes.Contains(p, []byte(recordLine)) {
		b.nested = true
		return
	}
	// Keep the last bytes of tail+p.
	k := min(n, len(b.tail))
	if len(p) >= len(b.tail) {
		b.ntail = copy(b.tail[:], p[len(p)-len(b.tail):])
	} else {
		b.ntail = copy(b.tail[:], join[n-k:n])
	}
}

func (b *blockReader) Read(p []byte) (int, error) {
	if b.left > 0 {
		if int64(len(p)) > b.left {
			p = p[:b.left]
		}
		n, err := b.br.Read(p)
		b.left -= int64(n)
		b.got += int64(n)
		b.see(p[:n])
		if err == io.EOF && b.left > 0 {
			return n, io.EOF
		}
		if err != nil && err != io.EOF {
			return n, err
		}
		return n, nil
	}
	// The "\r\n\r\n" after the block, if it is there.
	n := 0
	for n < len(p) && b.trailer < 4 {
		c, err := b.br.Peek(1)
		if err != nil || (c[0] != '\r' && c[0] != '\n') {
			break
		}
		p[n] = c[0]
		b.br.Discard(1)
		n++
		b.trailer++
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}
