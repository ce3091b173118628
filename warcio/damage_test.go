package warcio

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// A record whose Content-Length claims more bytes than the file has is an
// error naming it; the records it would have swallowed are still read,
// from a plain WARC and from a whole-file gzip alike.
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
				lied = gzipWhole(lied)
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
			// In a whole-file gzip too (one member for all records): the
			// member is read again up to the record after the lying one.
			for _, c := range caps[1:] {
				if !got[c.URL] {
					t.Errorf("record %s after the lying one lost (got %v)", c.URL, got)
				}
			}
		})
	}
}

// A record whose Content-Length runs past its end into the records after
// it (but not past the end of the file) is an error naming it, not a page
// holding its neighbours; the records it ran into are read, from a plain
// WARC and from a whole-file gzip alike.
func TestContentLengthIntoNextRecord(t *testing.T) {
	caps := testCaptures()
	for _, compress := range []bool{false, true} {
		t.Run(fmt.Sprint("gzip=", compress), func(t *testing.T) {
			data := writeWARC(t, caps, &WriterOptions{NoCompress: true})
			at := bytes.Index(data, []byte("WARC-Target-URI: "+caps[0].URL))
			m := regexp.MustCompile(`Content-Length: (\d+)`).FindSubmatchIndex(data[at:])
			n, err := strconv.Atoi(string(data[at+m[2] : at+m[3]]))
			if err != nil {
				t.Fatal(err)
			}
			lied := append([]byte(nil), data[:at+m[0]]...)
			lied = append(lied, fmt.Sprintf("Content-Length: %d", n+300)...) // into the next record's header
			lied = append(lied, data[at+m[1]:]...)
			if compress {
				lied = gzipWhole(lied)
			}
			entries, errs := readAll(t, lied)
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), "runs past the end of the record") || !strings.Contains(errs[0].Error(), caps[0].URL) {
				t.Fatalf("errors %v; want one naming %s and its Content-Length", errs, caps[0].URL)
			}
			got := map[string]bool{}
			for _, e := range entries {
				got[e.URL] = true
				if e.URL == caps[0].URL {
					t.Errorf("the lying record was returned as read (%d bytes of body)", len(e.Body))
				}
			}
			for _, c := range caps[1:] {
				if !got[c.URL] {
					t.Errorf("record %s after the lying one lost (got %v)", c.URL, got)
				}
			}
		})
	}
}

// gzipWhole compresses data as one gzip member.
func gzipWhole(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
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

// A broken record inside a whole-file gzip is located within the member:
// every record there has the member's offset (0), so the error said
// "offset 0" for every broken record of the file.
func TestBrokenRecordInWholeFileGzipIsLocated(t *testing.T) {
	plain := writeWARC(t, testCaptures(), &WriterOptions{NoCompress: true})
	broken := []byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\n\r\n\r\n")
	data := append(append(append([]byte(nil), plain...), broken...), plain...)
	_, errs := readAll(t, gzipWhole(data))
	var re *RecordError
	if len(errs) != 1 || !errors.As(errs[0], &re) {
		t.Fatalf("errors %v, want one *RecordError", errs)
	}
	if re.Offset != 0 || re.InMember != int64(len(plain)) {
		t.Errorf("located at offset %d, %d bytes into the member; want 0 and %d", re.Offset, re.InMember, len(plain))
	}
	if want := fmt.Sprintf("%d bytes into its gzip member", len(plain)); !strings.Contains(re.Error(), want) {
		t.Errorf("message %q lacks %q", re.Error(), want)
	}
}

// countingSeeker counts the bytes read from it, seeks included.
type countingSeeker struct {
	*bytes.Reader
	n int64
}

func (c *countingSeeker) Read(p []byte) (int, error) {
	n, err := c.Reader.Read(p)
	c.n += int64(n)
	return n, err
}

// After a broken record the reader tries each "WARC/" that follows; each
// candidate's header was read on to the end of the input or the 64 KiB
// line bound, so damage made of many such lines was read again for every
// one of them: 100 KB of "WARC/1.1" lines took 2 s (10 MB, hours). Now a
// header ends at the next line starting a record, and a version line
// longer than a version line is none: the input is read a bounded number
// of times, and the records after the damage are all there.
func TestResyncReadsDamageOnce(t *testing.T) {
	plain := writeWARC(t, testCaptures(), &WriterOptions{NoCompress: true})
	want, _ := readAll(t, plain)
	for name, damage := range map[string][]byte{
		"version lines":   bytes.Repeat([]byte("WARC/1.1\r\n"), 10000),
		"no line ends":    bytes.Repeat([]byte("WARC/"), 20000),
		"headers unended": bytes.Repeat([]byte("WARC/1.1\r\nWARC-Type: response\r\n"), 5000),
	} {
		data := append(append([]byte(nil), damage...), plain...)
		in := &countingSeeker{Reader: bytes.NewReader(data)}
		if got, _ := readAllFrom(t, in); len(got) != len(want) {
			t.Errorf("%s: %d records after the damage, want %d", name, len(got), len(want))
		}
		if in.n > 8*int64(len(data)) {
			t.Errorf("%s: read %d bytes of a %d-byte input", name, in.n, len(data))
		}
	}
}
