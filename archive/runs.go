package archive

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Run statuses.
const (
	RunRunning     = "running"
	RunDone        = "done"
	RunInterrupted = "interrupted"
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
		_, err = putJSON(b, u64(id), r)
		return err
	})
	if err != nil {
		return nil, err
	}
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
	return a.update(context.WithoutCancel(ctx), func(tx *bolt.Tx) error {
		_, err := putJSON(tx.Bucket(bRuns), u64(r.ID), &cp)
		return err
	})
}

// Runs returns the most recent runs, newest first (limit <= 0: all).
func (a *Archive) Runs(ctx context.Context, limit int) ([]Run, error) {
	var out []Run
	err := a.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bRuns).Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("%w: run: %v", ErrCorrupt, err)
			}
			out = append(out, r)
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
		_, err := putJSON(tx.Bucket(bRuns), u64(r.ID), &cp)
		return err
	})
}
