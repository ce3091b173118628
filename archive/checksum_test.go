package archive

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// A byte changed inside a stored URL or date — which no decoder notices —
// fails the version record's checksum: reads refuse the version, Verify
// and export name it, Salvage copies it as stored and names it. A byte
// changed inside the stored article fails the article's checksum.
func TestVersionChecksums(t *testing.T) {
	ctx := context.Background()
	for _, where := range []string{"url", "article", "page"} {
		t.Run(where, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.db")
			a, err := Open(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			record(t, a, "https://example.org/a", t0, "A", "Some text of a that is long enough.")
			r := record(t, a, "https://example.org/b", t0, "B", "Some text of b that is long enough.")
			err = a.guardedUpdate(func(tx *bolt.Tx) error {
				k := tx.Bucket(bSeq).Get(u64(r.Seq))
				b := tx.Bucket(bVMeta)
				switch where {
				case "article":
					b = tx.Bucket(bVArticle)
				case "page":
					b, k = tx.Bucket(bPages), u64(2)
				}
				v := clone(b.Get(k))
				i := bytes.Index(v, []byte("example.org/b"))
				if where == "article" {
					i = len(v) - 3 // inside the compressed JSON: still decodes
				}
				if i < 0 {
					t.Fatalf("no URL in the %s record", where)
				}
				v[i] ^= 0x04
				return b.Put(k, v)
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Version(ctx, "https://example.org/b", 0); !errors.Is(err, ErrCorrupt) {
				t.Errorf("read of a version with a damaged %s: %v, want ErrCorrupt", where, err)
			}
			var named []uint64
			err = a.Export(ctx, ExportFilter{AllVersions: true, OnBadRecord: func(seq uint64, _ string, _ error) { named = append(named, seq) }},
				func(*Record) error { return nil })
			if err != nil || len(named) != 1 || named[0] != r.Seq {
				t.Errorf("export named %v (%v), want seq %d", named, err, r.Seq)
			}
			if rep, err := a.Verify(ctx); err == nil || len(rep.Problems) == 0 {
				t.Errorf("verify passed a damaged %s", where)
			}
			dst, err := Open(filepath.Join(t.TempDir(), "new.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			st, err := Salvage(ctx, a, dst, nil)
			if where == "page" {
				st.Damaged, st.Other = st.Other, 0 // the page's state, not a version
			}
			if err != nil || st.Versions != 2 || st.Damaged != 1 || st.Other != 0 {
				t.Errorf("salvage: %+v %v, want 2 versions copied, 1 named damaged", st, err)
			}
			dst.Close()
			a.Close()
		})
	}
}

// Version records written before checksums (form 2) read as before.
func TestVersionRecordWithoutChecksum(t *testing.T) {
	ctx := context.Background()
	a, _ := openTest(t, nil)
	r := record(t, a, "https://example.org/a", t0, "A", "Some text of a that is long enough.")
	err := a.guardedUpdate(func(tx *bolt.Tx) error {
		k := tx.Bucket(bSeq).Get(u64(r.Seq))
		vm := tx.Bucket(bVMeta)
		vr, err := decodeVersion(vm.Get(k))
		if err != nil {
			return err
		}
		v3 := vr.encode()
		body := v3[:len(v3)-4]                                                    // without the record's CRC
		body = body[:len(body)-len(binary.AppendUvarint(nil, uint64(vr.ArtSum)))] // and ArtSum
		v2 := append([]byte{vrecBinary2}, body[1:]...)
		c := getCounters(tx)
		c.StoredBytes += int64(len(v2) - len(v3))
		if err := vm.Put(k, v2); err != nil {
			return err
		}
		return putCounters(tx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := a.Version(ctx, "https://example.org/a", 0)
	if err != nil || rec.Title != "A" {
		t.Fatalf("old record: %+v %v", rec, err)
	}
	// Superseding it rewrites it with its checksum.
	record(t, a, "https://example.org/a", t0.Add(1e9), "A", "Other text of a that is long enough.")
	_ = a.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bVMeta).Get(vkey(1, 1)); len(v) == 0 || v[0] != vrecBinary3 {
			t.Errorf("superseded old record not rewritten with a checksum: %x", v[:1])
		}
		return nil
	})
}

// BenchmarkVersionChecksum: what the schema 3 checksums add to reading one
// version, side by side: decoding its record without (form 2) and with
// (form 3) the record's CRC, and checking a 4 KB stored article.
func BenchmarkVersionChecksum(b *testing.B) {
	vr := &versionRec{Seq: 7, URL: "https://example.org/2025/04/analysis-number-3-of-the-region", Site: "example.org",
		FirstSeen: t0, FetchedAt: t0, Status: 200, Header: encodeHeader(map[string][]string{"Etag": {`"1"`}, "Content-Type": {"text/html"}}),
		RawSize: 40000, Blob: strings.Repeat("ab", 32), Hash: strings.Repeat("cd", 32), Words: 900, Title: "A title of a usual length for an article",
		Authors: []string{"Ann Author"}, Published: "2025-04-01", Summary: "text 880→900 words (+20)", Extractor: "0.2.0", Stored: 9000}
	rng := rand.New(rand.NewSource(1))
	words := strings.Fields("the of a region security water policy states conflict border cooperation analysis report government armed groups coastal")
	var text strings.Builder
	for text.Len() < 4000 {
		text.WriteString(words[rng.Intn(len(words))] + " ")
	}
	art := compressArticle([]byte(text.String()))
	vr.ArtSum = articleSum(art)
	v3 := vr.encode()
	body := v3[:len(v3)-4]
	v2 := append([]byte{vrecBinary2}, body[1:len(body)-len(binary.AppendUvarint(nil, uint64(vr.ArtSum)))]...)
	b.Run("record/form2", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := decodeVersion(v2); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("record/form3", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := decodeVersion(v3); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(fmt.Sprintf("article-%dB/check", len(art)), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := vr.checkArticle(art); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run(fmt.Sprintf("article-%dB/decompress", len(art)), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := decompress(art); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// A byte changed inside a fetch-log entry (its status) or a run record
// (its status), which both still decode, fails their CRC-32C: Verify
// names both, Fetches and Runs refuse them. Entries and runs written
// before the checksum (without it) read and verify as before.
func TestFetchAndRunChecksums(t *testing.T) {
	ctx := context.Background()
	for _, damaged := range []bool{true, false} {
		t.Run(fmt.Sprint("damaged=", damaged), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.db")
			a, err := Open(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			record(t, a, "https://example.org/a", t0, "A", "Some text of a that is long enough.")
			run, err := a.StartRun(ctx, "s")
			if err != nil {
				t.Fatal(err)
			}
			run.Counts["fetched"] = 1
			if err := a.FinishRun(ctx, run); err != nil {
				t.Fatal(err)
			}
			err = a.guardedUpdate(func(tx *bolt.Tx) error {
				fb, rb := tx.Bucket(bFetches), tx.Bucket(bRuns)
				fk, rk := vkey(1, 1), u64(run.ID)
				fv, rv := clone(fb.Get(fk)), clone(rb.Get(rk))
				if fv == nil || rv == nil {
					t.Fatalf("no fetch entry (%d bytes) or run (%d bytes) stored", len(fv), len(rv))
				}
				if damaged {
					_, n := binary.Uvarint(fv) // the time, then the status
					fv[n] ^= 0x01
					rv[bytes.Index(rv, []byte(`"done"`))+1] ^= 0x01
				} else { // as written before the checksum
					fv = fv[:len(fv)-5]
					rv = append(rv[:bytes.LastIndex(rv, []byte(runSumKey))], '}')
				}
				if err := fb.Put(fk, fv); err != nil {
					return err
				}
				return rb.Put(rk, rv)
			})
			if err != nil {
				t.Fatal(err)
			}
			_, ferr := a.Fetches(ctx, "https://example.org/a", 0)
			_, rerr := a.Runs(ctx, 0)
			rep, verr := a.Verify(ctx)
			if !damaged {
				if ferr != nil || rerr != nil || verr != nil {
					t.Fatalf("records without a checksum: fetches %v, runs %v, verify %v", ferr, rerr, verr)
				}
				mustVerifyClose(t, a)
				return
			}
			if !errors.Is(ferr, ErrCorrupt) || !errors.Is(rerr, ErrCorrupt) {
				t.Errorf("damaged records read: fetches %v, runs %v; want ErrCorrupt", ferr, rerr)
			}
			probs := strings.Join(rep.Problems, "\n")
			if !errors.Is(verr, ErrCorrupt) || !strings.Contains(probs, "fetch entry does not match its checksum") ||
				!strings.Contains(probs, fmt.Sprintf("run %d does not match its checksum", run.ID)) {
				t.Errorf("verify: %v\n%s\nwant the fetch entry and the run named", verr, probs)
			}
			// Salvage leaves both out, names them, and makes an archive
			// that verifies.
			dst, err := Open(filepath.Join(t.TempDir(), "b.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			var named []string
			st, err := Salvage(ctx, a, dst, func(_ uint64, _ string, err error) { named = append(named, err.Error()) })
			if err != nil || st.Other != 2 || len(named) != 2 {
				t.Errorf("salvage: %+v, %v; named %q; want the fetch entry and the run left out", st, err, named)
			}
			mustVerifyClose(t, dst)
			a.Close()
		})
	}
}
