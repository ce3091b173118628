package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Run statuses.
const (
	RunRunning     = "running"
	RunDone        = "done"
	RunInterrupted = "interrupted"
	// RunFailed: the run ended but got no response at all (every seed
	// refused or failing), as its command's exit status says.
	RunFailed = "failed"
)

// maxRunFailures bounds Run.Failures as stored.
const maxRunFailures = 200

// StartRun records the start of a crawl run (`archivist crawls`).
func (a *Archive) StartRun(ctx context.Context, source string) (*Run, error) {
	r := &Run{Source: source, Started: time.Now().UTC(), Counts: map[string]int{}, Status: RunRunning}
	err := a.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bRuns)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		r.ID = id
		return putRun(b, r)
	})
	if err != nil {
		return nil, err
	}
	a.liveRuns.Store(r.ID, struct{}{})
	return r, nil
}

// FinishRun stores r's final state; Finished defaults to now and Status to
// "done". Failures beyond a bound are dropped (Counts keep the totals).
func (a *Archive) FinishRun(ctx context.Context, r *Run) error {
	if r == nil || r.ID == 0 {
		return fmt.Errorf("archive: FinishRun: run was not started")
	}
	if r.Finished.IsZero() {
		r.Finished = time.Now().UTC()
	}
	if r.Status == "" || r.Status == RunRunning {
		r.Status = RunDone
	}
	cp := *r
	if len(cp.Failures) > maxRunFailures {
		cp.Failures = make(map[string]string, maxRunFailures)
		for u, why := range r.Failures {
			if len(cp.Failures) == maxRunFailures {
				break
			}
			cp.Failures[u] = why
		}
	}
	// A cancelled crawl still records its run.
	err := a.update(context.WithoutCancel(ctx), func(tx *bolt.Tx) error {
		return putRun(tx.Bucket(bRuns), &cp)
	})
	if err == nil {
		a.liveRuns.Delete(r.ID)
	}
	return err
}

// Runs returns the most recent runs, newest first (limit <= 0: all).
func (a *Archive) Runs(ctx context.Context, limit int) ([]Run, error) {
	var out []Run
	err := a.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bRuns).Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			r, err := decodeRun(v)
			if err != nil {
				return err
			}
			if _, live := a.liveRuns.Load(r.ID); r.Status == RunRunning && !live {
				// Killed (kill -9, a power cut) before it could say so; the
				// next run of its source records it as interrupted too.
				r.Status = RunInterrupted
			}
			out = append(out, *r)
		}
		return nil
	})
	return out, err
}

// UpdateRun stores a running run's live state (counts so far) as is, so
// `archivist crawls` shows a running crawl truthfully, and a crash leaves
// the counts of its last update.
func (a *Archive) UpdateRun(ctx context.Context, r *Run) error {
	if r == nil || r.ID == 0 {
		return fmt.Errorf("archive: UpdateRun: run was not started")
	}
	cp := *r
	cp.Failures = nil
	return a.update(ctx, func(tx *bolt.Tx) error {
		return putRun(tx.Bucket(bRuns), &cp)
	})
}

// Run records are JSON whose last member, "crc32c", is the CRC-32C of the
// record without it, so damage inside a run's counts, times or status that
// leaves the JSON valid is detected. A record without it (written before)
// is read without the check; readers from before ignore the member.
const runSumKey = `,"crc32c":`

// putRun stores r under its id, with its checksum.
func putRun(b *bolt.Bucket, r *Run) error {
	j, err := json.Marshal(r)
	if err != nil {
		return err
	}
	sum := crc32.Checksum(j, crcTable)
	j = fmt.Appendf(j[:len(j)-1], "%s%d}", runSumKey, sum)
	return b.Put(u64(r.ID), j)
}

// decodeRun reads a run record; a record that is not JSON or does not
// match its checksum is ErrCorrupt.
func decodeRun(v []byte) (*Run, error) {
	var r Run
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, fmt.Errorf("%w: run: %v", ErrCorrupt, err)
	}
	i := bytes.LastIndex(v, []byte(runSumKey))
	if i < 0 || !bytes.HasSuffix(v, []byte("}")) {
		return &r, nil
	}
	sum, err := strconv.ParseUint(string(v[i+len(runSumKey):len(v)-1]), 10, 32)
	body := append(v[:i:i], '}') // a copy: v is bbolt's
	if err != nil || crc32.Checksum(body, crcTable) != uint32(sum) {
		return &r, fmt.Errorf("%w: run %d does not match its checksum (its counts, times or status are damaged)", ErrCorrupt, r.ID)
	}
	return &r, nil
}
