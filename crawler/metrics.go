package crawler

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the crawler's Prometheus series, shared by every source of
// a serve process.
type Metrics struct {
	fetches *prometheus.CounterVec
	runs    *prometheus.CounterVec
	running *prometheus.GaugeVec
	lastRun *prometheus.GaugeVec
}

// NewMetrics registers the crawler's series with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivist_crawler_pages_total", Help: "Pages processed, by source and outcome (new, changed, unchanged, gone, failed, hub, error).",
		}, []string{"source", "outcome"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "archivist_crawler_runs_total", Help: "Crawl runs finished, by source and status.",
		}, []string{"source", "status"}),
		running: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "archivist_crawler_running", Help: "1 while a run of the source is in progress.",
		}, []string{"source"}),
		lastRun: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "archivist_crawler_last_run_timestamp_seconds", Help: "When the source's last run finished.",
		}, []string{"source"}),
	}
	reg.MustRegister(m.fetches, m.runs, m.running, m.lastRun)
	return m
}
