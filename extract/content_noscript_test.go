package extract

import (
	"strings"
	"testing"
)

// discourseThreadPage is a forum thread from a JavaScript app that ships
// the thread for readers without scripts in a <noscript>, as Discourse
// does; the visible page is a loading splash.
func discourseThreadPage() string {
	thread := `<div id="main-outlet" class="wrap" role="main">
  <div id="topic-title"><h1><a href="/t/sourdough-starter-gone-flat/4412">Sourdough starter gone flat</a></h1></div>
  <div id="post_1" class="topic-body crawler-post">
    <div class="crawler-post-meta"><span class="creator"><a href="/u/breadhead">breadhead</a></span>
      <time class="post-time" datetime="2026-02-20T16:55:33Z">February 20, 2026, 4:55pm</time></div>
    <div class="post" itemprop="text"><p>` + prose("a starter that stopped rising") + `</p><p>` + prose("feeding schedules") + `</p></div>
  </div>
  <div id="post_2" itemprop="comment" class="topic-body crawler-post">
    <div class="crawler-post-meta"><span class="creator"><a href="/u/ryeguy">ryeguy</a></span></div>
    <div class="post" itemprop="text"><p>Try feeding it twice a day with whole rye for a week; the bran wakes the yeast up again, in my experience every time.</p></div>
  </div>
</div>`
	return `<!doctype html><html lang="en"><head><title>Sourdough starter gone flat - Baking Forum</title></head><body>
<section id="d-splash"><div class="preloader-image"><div class="dots"></div><div class="dots"></div></div></section>
<discourse-assets></discourse-assets>
<div id="data-preloaded" data-preloaded="{}"></div>
<noscript data-path="/t/sourdough-starter-gone-flat/4412">` + thread + `</noscript>
<footer class="noscript-footer-nav"><a href="/about">About</a> <a href="/faq">FAQ</a> <a href="/privacy">Privacy Policy</a></footer>
</body></html>`
}

func TestNoscriptCopyIsThePage(t *testing.T) {
	a, err := FromHTML([]byte(discourseThreadPage()), "https://bakers.example/t/sourdough-starter-gone-flat/4412", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{prose("a starter that stopped rising"), prose("feeding schedules"), "feeding it twice a day with whole rye"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
}

// A noscript beside a page of text (a tracking pixel, a fallback for an
// embed) is not the page: the visible article stays, said once.
func TestNoscriptBesideTheArticleStaysHidden(t *testing.T) {
	page := `<!doctype html><html lang="en"><head><title>Trail Notes</title></head><body><main><article>
<h1>Winter on the Ridge Trail</h1>
<p>` + prose("winter trail upkeep") + `</p><p>` + prose("snow surveys") + `</p><p>` + prose("volunteer crews") + `</p>
<p>` + prose("the spring thaw") + `</p>
<noscript><div class="embed-fallback"><p>` + prose("winter trail upkeep") + `</p><p>Enable JavaScript to see the interactive map of the ridge, with every closure and warming hut marked on it.</p></div></noscript>
</article></main></body></html>`
	a, err := FromHTML([]byte(page), "https://park.example/blog/winter-on-the-ridge-trail", nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(a.Text, prose("winter trail upkeep")); n != 1 {
		t.Errorf("the first paragraph is in the text %d times, want once:\n%s", n, a.Text)
	}
	if strings.Contains(a.Text, "Enable JavaScript") {
		t.Errorf("text keeps the noscript's notice:\n%s", a.Text)
	}
}
