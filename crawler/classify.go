package crawler

import (
	"bytes"
	"strings"

	"github.com/archivist-org/archivist/extract"
)

// Failed-capture detection. Markers are generic (what WAF vendors, paywall
// plugins and CMS error templates print), never keyed to a site.
var challengeMarkers = []string{
	"cf-chl", "challenge-platform", "cf_chl_opt", "just a moment...", "attention required! | cloudflare",
	"checking your browser", "ddos protection by", "please verify you are a human", "are you a robot",
	"g-recaptcha", "h-captcha", "hcaptcha.com", "captcha-delivery", "px-captcha", "_incapsula_resource",
	"request unsuccessful. incapsula", "access denied | ", "perimeterx", "awswaf",
}

var paywallMarkers = []string{
	"subscribe to continue", "to continue reading", "subscribe to read", "log in to read", "sign in to read",
	"login to read", "subscribers only", "for subscribers", "already a subscriber", "create a free account to continue",
	"register to continue", "this content is for members", "become a member to read", "you must be logged in",
	"please log in to view",
}

var notFoundMarkers = []string{
	"page not found", "404 not found", "error 404", "page cannot be found", "page could not be found",
	"page doesn't exist", "page does not exist", "no longer available", "nothing was found", "not be found",
	"seite nicht gefunden", "page introuvable", "página no encontrada",
}

// minArticleWords below which an article extraction counts as empty.
const minArticleWords = 30

func lowerHead(body []byte, n int) string {
	if len(body) > n {
		body = body[:n]
	}
	return string(bytes.ToLower(body))
}

func containsAny(s string, list []string) bool {
	for _, m := range list {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

// challengeReason detects WAF / captcha interstitials, whatever the status
// (some answer 200, most 403/429/503).
func challengeReason(status int, body []byte) string {
	if len(body) > 300<<10 {
		return "" // challenge pages are small
	}
	if containsAny(lowerHead(body, 64<<10), challengeMarkers) {
		return "challenge page (WAF/captcha)"
	}
	return ""
}

// reasonEmpty: a page with no article text (see failureReason).
const reasonEmpty = "empty extraction"

// failureReason decides whether a 2xx page with its extraction is a failed
// capture; "" means it is content.
func failureReason(status int, body []byte, art *extract.Article) string {
	// Challenge pages are short: skip the scan for real articles.
	if art == nil || art.WordCount < 300 {
		if r := challengeReason(status, body); r != "" {
			return r
		}
	}
	if art == nil {
		return reasonEmpty
	}
	title := strings.ToLower(art.Title)
	text := strings.ToLower(art.Text)
	if art.WordCount < 200 {
		if strings.HasPrefix(title, "404") || containsAny(title, notFoundMarkers) || (art.WordCount < 60 && containsAny(text, notFoundMarkers)) {
			return "soft 404"
		}
		// The raw page is searched too when the text is short (a stub's
		// marker may sit outside what extract keeps), but a hub is never
		// taken for a stub: its text is its teasers, whose "For
		// subscribers" badges mark the articles, and a news site's
		// subscribe bar ("Already a subscriber? Log in") around it is
		// chrome; its links are to be followed.
		if art.Kind != extract.KindHub && (containsAny(text, paywallMarkers) || art.WordCount < 120 && containsAny(lowerHead(body, 256<<10), paywallMarkers)) {
			return "paywall or login stub"
		}
	}
	if art.Kind != extract.KindHub && (art.WordCount < minArticleWords || strings.TrimSpace(art.Text) == "") {
		return reasonEmpty
	}
	return ""
}
