package warcio

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// A record whose Content-Length claims more bytes than the file has is an
// error naming it; the records it would have swallowed are still read.
func TestContentLengthPastEOF(t *testing.T) {
	caps := testCaptures()
	for _, compress := range []bool{false, true} {
		t.Run(fmt.Sprint("gzip=", compress), func(t *testing.T) {
			data := writeWARC(t, caps, &WriterOptions{NoCompress: true})
			// The first response record (the one of caps[0]) lies.
			at := bytes.Index(data, []byte("WARC-Target-URI: "+caps[0].URL))
			re := regexp.MustCompile(`Content-Length: \d+`)
			loc := re.FindIndex(data[at:])
			lied := append([]byte(nil), data[:at+loc[0]]...)
			lied = append(lied, fmt.Sprintf("Content-Length: %d", len(data)*10)...)
			lied = append(lied, data[at+loc[1]:]...)
			if compress {
				var buf bytes.Buffer
				zw := gzip.NewWriter(&buf)
				zw.Write(lied)
				zw.Close()
				lied = buf.Bytes()
			}
			entries, errs := readAll(t, lied)
			if len(errs) == 0 || !strings.Contains(errs[0].Error(), "runs past the end") || !strings.Contains(errs[0].Error(), caps[0].URL) {
				t.Fatalf("errors %v; want one naming %s and the Content-Length", errs, caps[0].URL)
			}
			got := map[string]bool{}
			for _, e := range entries {
				got[e.URL] = true
				if e.URL == caps[0].URL {
					t.Errorf("the lying record was returned as read")
				}
			}
			if !compress { // a whole-file gzip member cannot be rewound
				for _, c := range caps[1:] {
					if !got[c.URL] {
						t.Errorf("record %s after the lying one lost (got %v)", c.URL, got)
					}
				}
			}
		})
	}
}

// A giant header line costs a bounded amount of memory and is one bad
// record: the next record is read.
func TestHugeHeaderLine(t *testing.T) {
	caps := testCaptures()
	good := writeWARC(t, caps[:1], nil) // one gzip member per record
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("WARC/1.1\r\nWARC-Type: response\r\nX-Long: "))
	line := bytes.Repeat([]byte("a"), 1<<20)
	const lineMB = 32
	for i := 0; i < lineMB; i++ {
		zw.Write(line)
	}
	zw.Write([]byte("\r\nContent-Length: 0\r\n\r\n\r\n\r\n"))
	zw.Close()
	data := append(buf.Bytes(), good...)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	entries, errs := readAll(t, data)
	runtime.ReadMemStats(&after)
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "longer than 64 KiB") {
		t.Errorf("errors %v; want the long line reported", errs)
	}
	if len(entries) == 0 || entries[len(entries)-1].URL != caps[0].URL {
		t.Errorf("the record after the long line was not read: %d entries", len(entries))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading a %d MiB header line allocated %d MiB", lineMB, alloc>>20)
	}
}

// In a whole-file gzip (one member for every record), a record whose
// header breaks is skipped to the next line that starts a record, and the
// records after it in the member are read.
func TestBrokenRecordInWholeFileGzip(t *testing.T) {
	caps := testCaptures()
	plain := writeWARC(t, caps, &WriterOptions{NoCompress: true})
	for _, broken := range []string{
		"X-Long: " + strings.Repeat("a", 1<<20), // a header line past the bound
		"Content-Length: many",                  // no usable length
	} {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte("WARC/1.1\r\nWARC-Type: response\r\n" + broken + "\r\n\r\n\r\n\r\n"))
		zw.Write(plain)
		zw.Close()
		entries, errs := readAll(t, buf.Bytes())
		if len(errs) != 1 {
			t.Errorf("%.20s…: errors %v, want one", broken, errs)
		}
		got := map[string]bool{}
		for _, e := range entries {
			got[e.URL] = true
		}
		for _, c := range caps {
			if !got[c.URL] {
				t.Errorf("%.20s…: record %s after the broken one lost", broken, c.URL)
			}
		}
	}
}
