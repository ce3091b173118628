package pgpush

// Exported for the benchmark's plain COPY of the rows push sends.
var (
	VersionRow = versionRow
	SiteOf     = siteOf
)

func VersionCols() []string { return append([]string(nil), versionCols...) }
