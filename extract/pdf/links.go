package pdf

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"

	"github.com/archivist-org/archivist/internal/lazyre"
)

// reDocText is link text that announces a PDF.
var reDocText = lazyre.New(`(?i)\bpdf\b`)

// reReportText is link text that announces a report or its full text; such
// links are followed as pages anyway, and become documents when the
// server says they are PDFs.
var reReportText = lazyre.New(`(?i)\b(full (report|text)|download|report|télécharger|herunterladen|descargar)\b`)

// Links returns the absolute URLs on an HTML page that point to
// PDF documents: hrefs ending in .pdf, links typed application/pdf or
// whose text says PDF, and citation_pdf_url metadata. maybe are links whose
// text announces a report, a download or the full text: they become
// documents if the server says they are PDFs.
func Links(body []byte, base *url.URL) (docs, maybe []string) {
	seen := map[string]bool{}
	add := func(out *[]string, href string) {
		href = strings.TrimSpace(href)
		if href == "" {
			return
		}
		r, err := base.Parse(href)
		if err != nil || (r.Scheme != "http" && r.Scheme != "https") {
			return
		}
		r.Fragment, r.RawFragment = "", ""
		if s := r.String(); !seen[s] {
			seen[s] = true
			*out = append(*out, s)
		}
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	var href string // the open <a>'s href, until its text is read
	var text strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return docs, maybe
		case html.TextToken:
			if href != "" && text.Len() < 200 {
				text.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if tt == html.EndTagToken {
				if tag == "a" && href != "" {
					switch t := text.String(); {
					case reDocText().MatchString(t):
						add(&docs, href)
					case reReportText().MatchString(t):
						add(&maybe, href)
					}
					href = ""
				}
				continue
			}
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch tag {
			case "a", "link":
				h := attrs["href"]
				if h == "" {
					continue
				}
				if isPDFHref(h) || pdfType(attrs["type"]) {
					add(&docs, h)
					continue
				}
				if tag == "a" && tt == html.StartTagToken {
					href = h
					text.Reset()
					text.WriteString(attrs["title"])
					text.WriteByte(' ')
				}
			case "meta":
				if strings.EqualFold(attrs["name"], "citation_pdf_url") {
					add(&docs, attrs["content"])
				}
			}
		}
	}
}

// pdfType reports whether a declared content type is PDF's.
func pdfType(ct string) bool {
	ct = strings.ToLower(ct)
	return strings.Contains(ct, "application/pdf") || strings.Contains(ct, "application/x-pdf")
}

// isPDFHref reports whether a link's path ends in .pdf.
func isPDFHref(h string) bool {
	u, err := url.Parse(strings.TrimSpace(h))
	if err != nil {
		return false
	}
	return strings.EqualFold(path.Ext(u.Path), ".pdf")
}
