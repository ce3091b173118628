package extract

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestDecodeLateMetaCharset: a page that is not UTF-8 and declares its
// charset only after the first kilobyte (an archive's banner and scripts
// come first) is read by that declaration, not as windows-1252.
func TestDecodeLateMetaCharset(t *testing.T) {
	script := "<script>" + strings.Repeat("var wb = 'wayback banner';\n", 80) + "</script>\n"
	const text = "新华社北京电 国务院总理今天主持召开会议。"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	latin, err := charmap.ISO8859_1.NewEncoder().String("Réforme des retraites à l'Assemblée")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, page, contentType, want string
	}{
		{"meta charset after scripts", "<html><head>" + script + `<meta charset="gb2312"><title>t</title></head><body><p>` + gbk + "</p></body></html>", "", text},
		{"http-equiv after scripts", "<html><head>" + script + `<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GB2312"></head><body><p>` + gbk + "</p></body></html>", "", text},
		{"iso-8859-1 after styles", "<html><head><style>" + strings.Repeat("p { margin: 0 }\n", 90) + `</style><meta http-equiv="content-type" content="text/html;charset=iso-8859-1"></head><body><p>` + latin + "</p></body></html>", "", "Réforme des retraites à l'Assemblée"},
		// A declaration in the body is not the page's: windows-1252, as
		// before (and as browsers read it).
		{"meta in the body", "<html><head>" + script + `</Head><body><meta charset="gb2312"><p>` + latin + "</p></body></html>", "", "Réforme des retraites à l'Assemblée"},
		// The header is certain and wins over any meta.
		{"header wins", "<html><head>" + script + `<meta charset="gb2312"></head><body><p>` + latin + "</p></body></html>", "text/html; charset=iso-8859-1", "Réforme des retraites à l'Assemblée"},
	} {
		got, err := decode([]byte(c.page), c.contentType)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: decoded text lacks %q:\n%.200s", c.name, c.want, got[strings.Index(got, "<body>"):])
		}
	}
}
