package archive

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"sync"

	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/pdf"
	bolt "go.etcd.io/bbolt"
)

// ExtractFunc turns a stored raw page back into an article (normally
// extract.FromHTML with the capture's Content-Type).
type ExtractFunc func(raw []byte, pageURL string, header http.Header) (*extract.Article, error)

// ReextractOptions for Reextract. The zero value re-extracts the versions
// made by another extractor version than extract.Version, with
// extract.FromHTML, on GOMAXPROCS goroutines.
type ReextractOptions struct {
	Extract ExtractFunc // nil: extract.FromHTML
	All     bool        // every version, even those made by the current extractor
	Jobs    int         // parallel extractions; 0 = GOMAXPROCS
	// Progress, if set, is called after each batch with versions done and
	// the total to do.
	Progress func(done, total int)
}

// ReextractStats says what Reextract did.
type ReextractStats struct {
	Checked   int `json:"checked"`   // versions re-extracted
	Updated   int `json:"updated"`   // whose article changed (they get a new seq)
	Unchanged int `json:"unchanged"` // same article as stored
	Failed    int `json:"failed"`    // extraction failed; the stored article is kept
}

// reextractBatch versions are extracted, then committed together.
const reextractBatch = 64

// Reextract runs today's extractor over the stored raw pages and updates
// every version's derived fields in place (article, word count, content
// hash, extractor version). It never adds versions: raw HTML is the source
// of truth. A version whose article changed gets a new seq, so incremental
// consumers (export --after-seq, the search index) pick it up. Cancelling
// stops between batches; what was committed stays.
func (a *Archive) Reextract(ctx context.Context, o ReextractOptions) (ReextractStats, error) {
	var st ReextractStats
	if a.readOnly {
		return st, ErrReadOnly
	}
	ex := o.Extract
	if ex == nil {
		ex = func(raw []byte, u string, h http.Header) (*extract.Article, error) {
			if pdf.IsPDF(raw) {
				return pdf.Extract(ctx, raw, u, &pdf.Options{MaxBytes: -1})
			}
			return htmlExtract(raw, u, h)
		}
	}
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	// The work list: keys only, so memory stays small.
	var todo [][]byte
	err := a.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bVMeta).ForEach(func(k, v []byte) error {
			if !o.All {
				if vr, err := decodeVersion(v); err == nil && (vr.Extractor == extract.Version || vr.Extractor == pdf.Extractor) {
					return nil
				}
			}
			todo = append(todo, clone(k))
			return nil
		})
	})
	if err != nil {
		return st, err
	}
	total := len(todo)
	for start := 0; start < total; start += reextractBatch {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		keys := todo[start:min(start+reextractBatch, total)]
		type job struct {
			key  []byte
			vr   *versionRec
			raw  []byte
			art  *extract.Article
			artZ []byte
			hash string
			err  error
		}
		jobsList := make([]*job, len(keys))
		err := a.view(func(tx *bolt.Tx) error {
			for i, k := range keys {
				id, n := splitVKey(k)
				vr, err := getVersion(tx, id, n)
				if err != nil {
					return err
				}
				raw, err := readBlob(tx, vr.Blob)
				if err != nil {
					return err
				}
				jobsList[i] = &job{key: k, vr: vr, raw: raw}
			}
			return nil
		})
		if err != nil {
			return st, err
		}
		var wg sync.WaitGroup
		sem := make(chan struct{}, jobs)
		for _, j := range jobsList {
			wg.Add(1)
			sem <- struct{}{}
			go func(j *job) {
				defer wg.Done()
				defer func() { <-sem }()
				art, err := safeExtract(ex, j.raw, j.vr.fetchedURL(), j.vr.header())
				if err != nil {
					j.err = err
					return
				}
				if art.Extractor == "" {
					art.Extractor = extract.Version
				}
				art.URL = j.vr.URL // stored articles carry the page's URL
				aj, err := json.Marshal(art)
				if err != nil {
					j.err = err
					return
				}
				j.art, j.artZ, j.hash = art, compressArticle(aj), contentHash(art)
			}(j)
		}
		wg.Wait()
		var bs ReextractStats
		err = a.update(ctx, func(tx *bolt.Tx) error {
			bs = ReextractStats{}
			c := getCounters(tx)
			for _, j := range jobsList {
				bs.Checked++
				if j.err != nil {
					bs.Failed++
					continue
				}
				changed, err := applyReextract(tx, j.key, j.art, j.artZ, j.hash, &c)
				if err != nil {
					return err
				}
				if changed {
					bs.Updated++
				} else {
					bs.Unchanged++
				}
			}
			return putCounters(tx, c)
		})
		if err != nil {
			return st, err
		}
		st.Checked += bs.Checked
		st.Updated += bs.Updated
		st.Unchanged += bs.Unchanged
		st.Failed += bs.Failed
		if o.Progress != nil {
			o.Progress(start+len(keys), total)
		}
	}
	return st, nil
}

// htmlExtract is the crawler's extraction of an HTML page.
func htmlExtract(raw []byte, u string, h http.Header) (*extract.Article, error) {
	return extract.FromHTML(raw, u, &extract.Options{ContentType: h.Get("Content-Type")})
}

func safeExtract(ex ExtractFunc, raw []byte, u string, h http.Header) (art *extract.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extractor panicked: %v", r)
		}
	}()
	art, err = ex(raw, u, h)
	if err == nil && art == nil {
		err = fmt.Errorf("extractor returned no article")
	}
	return art, err
}

// applyReextract replaces one version's derived fields.
func applyReextract(tx *bolt.Tx, key []byte, art *extract.Article, artZ []byte, hash string, c *counters) (bool, error) {
	id, n := splitVKey(key)
	vm, va := tx.Bucket(bVMeta), tx.Bucket(bVArticle)
	vr, err := getVersion(tx, id, n)
	if err != nil {
		return false, err
	}
	oldZ := va.Get(key)
	if oldZ != nil {
		if old, err := decompress(oldZ); err == nil {
			art, artZ = keepLinks(old, art, artZ)
			if nj, _ := json.Marshal(art); string(nj) == string(old) {
				return false, nil
			}
		}
	}
	pr, err := getPage(tx, id)
	if err != nil {
		return false, err
	}
	oldMeta := len(vm.Get(key))
	c.StoredBytes += int64(len(artZ) - len(oldZ))
	if err := va.Put(key, artZ); err != nil {
		return false, err
	}
	// A new seq so incremental consumers see the improved article.
	seqB := tx.Bucket(bSeq)
	seq, err := seqB.NextSequence()
	if err != nil {
		return false, err
	}
	if err := seqB.Delete(u64(vr.Seq)); err != nil {
		return false, err
	}
	if err := seqB.Put(u64(seq), key); err != nil {
		return false, err
	}
	if n == pr.Versions {
		hb := tx.Bucket(bHeads)
		if err := hb.Delete(u64(vr.Seq)); err != nil {
			return false, err
		}
		if err := hb.Put(u64(seq), key); err != nil {
			return false, err
		}
		pr.Hash, pr.HeadSeq = hash, seq
		if err := putPage(tx, pr); err != nil {
			return false, err
		}
	}
	vr.Seq, vr.Hash, vr.Words, vr.Extractor = seq, hash, art.WordCount, art.Extractor
	vr.Title, vr.Authors, vr.Published = art.Title, art.Authors, art.Published
	vr.Stored += len(artZ) - len(oldZ)
	vr.ArtSum = articleSum(artZ)
	if n > 1 {
		if prev, err := getVersion(tx, id, n-1); err == nil {
			vr.Summary = summarize(prev, vr, false)
		}
	}
	m, err := putVersion(vm, key, vr)
	if err != nil {
		return false, err
	}
	c.StoredBytes += int64(m - oldMeta)
	return true, nil
}

// keepLinks carries the crawler's links (an article's documents, a
// document's referrers) from the stored article to its re-extraction,
// which cannot know them.
func keepLinks(old []byte, art *extract.Article, artZ []byte) (*extract.Article, []byte) {
	var prev struct {
		Documents  []string `json:"documents"`
		LinkedFrom []string `json:"linked_from"`
	}
	if json.Unmarshal(old, &prev) != nil || len(prev.Documents)+len(prev.LinkedFrom) == 0 || len(art.Documents)+len(art.LinkedFrom) > 0 {
		return art, artZ
	}
	cp := *art
	cp.Documents, cp.LinkedFrom = prev.Documents, prev.LinkedFrom
	aj, err := json.Marshal(&cp)
	if err != nil {
		return art, artZ
	}
	return &cp, compressArticle(aj)
}
