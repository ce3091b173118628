package warcio

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"testing"
)

// FuzzReaderDamaged feeds damaged WARCs to the reader: it must never
// panic, and every Next must move on (it ends). Its seeds (cut files, a
// lying Content-Length, an over-long header line) run under go test.
func FuzzReaderDamaged(f *testing.F) {
	caps := testCaptures()
	plain := writeWARC(f, caps, &WriterOptions{NoCompress: true})
	gz := writeWARC(f, caps, nil)
	f.Add(plain[:len(plain)/2])
	f.Add(gz[:len(gz)/2])
	lying := bytes.Replace(plain, []byte("Content-Length: "), []byte("Content-Length: 9"), 1)
	f.Add(lying)
	f.Add(gzipWhole(lying)) // runs past the end of a whole-file gzip
	into := bytes.Replace(plain, []byte("Content-Length: "), []byte("Content-Length: 1"), 2)
	f.Add(gzipWhole(into)) // runs into the next record, in a whole-file gzip
	f.Add([]byte("WARC/1.1\r\nContent-Length: 5\r\n\r\nab"))
	f.Add([]byte("WARC/1.1\r\nX: " + string(bytes.Repeat([]byte("a"), 70<<10)) + "\r\n\r\n"))
	f.Add([]byte{})
	// A whole-file gzip whose first record breaks: the rest is read.
	var whole bytes.Buffer
	zw := gzip.NewWriter(&whole)
	zw.Write([]byte("WARC/1.1\r\nContent-Length: x\r\n\r\n"))
	zw.Write(plain)
	zw.Close()
	f.Add(whole.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data), &ReaderOptions{MaxPayload: 1 << 20})
		for i := 0; ; i++ {
			// A whole-file gzip holds up to about 1000 times its size;
			// a record takes 30 bytes or more.
			if i > 40*len(data)+10 {
				t.Fatalf("%d calls to Next on %d bytes: not moving on", i, len(data))
			}
			_, err := r.Next()
			if err == io.EOF {
				return
			}
			var re *RecordError
			if err != nil && !errors.As(err, &re) {
				return // the input itself failed: the end
			}
		}
	})
}
