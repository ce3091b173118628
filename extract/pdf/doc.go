// Package pdf extracts a PDF document's text in reading order and its
// metadata into an extract.Article of kind "document".
//
// # Basics
//
// Extract takes the document's bytes and returns the article: text with
// multi-column pages read column by column, right-to-left scripts in
// reading order, running headers, footers and page numbers removed, words
// hyphenated at line ends joined, ligatures mapped to letters, words
// spaced from glyph positions when the document's own spaces are
// misplaced (see spacing.go); title, authors and dates from the Info
// dictionary, the XMP packet or the first page; the language from the
// catalog (unless the text's script belies it) or a guess from the text;
// the page count.
//
// The engine is PDFium compiled to WebAssembly and run by wazero
// (github.com/klippa-app/go-pdfium): pure Go, no cgo, no C toolchain. It is
// started on the first document, not at package init, and bounded to a
// few instances.
//
// # Caveats
//
//   - A document without a text layer (a scan) is ErrNoText: OCR is out of
//     scope.
//   - Starting the engine compiles the WebAssembly module: a few seconds of
//     CPU, once per process, or with SetCacheDir once per machine. The
//     compile runs in a child process (the executable re-run with
//     CompileIntoEnv set) whose peak is ~280–320 MB: wazero's optimizing
//     compiler on PDFium's largest function (350 KB of WebAssembly: ~250 MB
//     of compiler state). The calling process only loads the compiled code
//     and stays near 100 MB on a 500-page document.
//   - Words are spaced from glyph positions (one engine call per
//     character) only in documents whose sample disagrees with PDFium's
//     spaces: such documents extract several times slower.
//   - Right-to-left scripts come out in reading order (PDFium reorders
//     them), but a left-to-right phrase inside a right-to-left paragraph
//     (a Latin heading in an Arabic report) may keep its drawn place.
//   - Password-protected documents are ErrUnreadable.
package pdf
