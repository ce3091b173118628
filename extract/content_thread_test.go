package extract

import (
	"strings"
	"testing"
)

// fluxThreadPage is a thread in a server-rendered forum: each post a
// "blockpost" box with its poster's details beside its message.
func fluxThreadPage() string {
	post := func(user, msg string) string {
		return `<div class="blockpost rowodd"><h2><span>#1</span> <a href="/p/1">2025-11-01 15:14:37</a></h2>
<div class="box"><div class="inbox"><div class="postbody">
  <div class="postleft"><dl><dt><strong><a href="/u/` + user + `">` + user + `</a></strong></dt><dd>Member</dd><dd>Posts: 12</dd></dl></div>
  <div class="postright"><h3>Re: Sourdough starter gone flat</h3><div class="postmsg">` + msg + `</div></div>
</div></div></div></div>`
	}
	return `<!doctype html><html lang="en"><head><title>Sourdough starter gone flat / Baking Forums</title></head><body>
<div id="brdheader"><ul><li><a href="/">Index</a></li><li><a href="/search">Search</a></li><li><a href="/register">Register</a></li></ul></div>
<div id="brdmain">
` + post("breadhead", `<p>`+prose("a starter that stopped rising")+`</p><p>`+prose("feeding schedules")+`</p><p>`+prose("flour brands")+`</p>`) + `
` + post("ryeguy", `<p>Try feeding it twice a day with whole rye for a week; the bran wakes the yeast up again, in my experience every time.</p>`) + `
` + post("crumbshot", `<p>Check your kitchen temperature too. Below twenty degrees mine sulked for a month until I moved it onto the fridge.</p>`) + `
` + post("breadhead", `<p>Thanks both, the rye did it: it doubled in six hours this morning, and the loaf I baked tonight has an open crumb.</p>`) + `
</div>
<div id="brdfooter"><p>Powered by FluxBB</p></div>
</body></html>`
}

func TestThreadKeepsEveryPost(t *testing.T) {
	a, err := FromHTML([]byte(fluxThreadPage()), "https://bakers.example/viewtopic.php?id=4412", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{prose("a starter that stopped rising"), "feeding it twice a day with whole rye",
		"Check your kitchen temperature", "the rye did it"} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if strings.Contains(a.Text, "Powered by FluxBB") {
		t.Errorf("text keeps the footer:\n%s", a.Text)
	}
}
