// Package termsafe neutralises text from the web before it is printed to a
// terminal.
//
// # Basics
//
// Titles, bylines, snippets, diffs and article text come from pages nobody
// controls. Printed raw, an ESC sequence can move the cursor, rewrite what
// the user already read, change the window title, set a hyperlink
// (OSC 8), or (on some terminals) query and inject input; a bidi override
// (U+202E) can make text read differently from the bytes it holds. String
// and Bytes return a copy where every such character is replaced by a
// visible, inert form, so the user still sees that something was there.
//
// # Guarantees
//
//   - The output contains no C0 control except '\n' and '\t' (so no ESC,
//     BEL, BS, CR, NUL), no DEL, no C1 control (U+0080–U+009F), no bidi
//     embedding/override/isolate (U+202A–U+202E, U+2066–U+2069) and no
//     U+200E/U+200F/U+061C marks, no line/paragraph separators
//     (U+2028/U+2029) and no invalid UTF-8.
//   - A whole escape sequence (CSI "ESC [ … final", OSC/DCS/APC/PM/SOS
//     "ESC ] … BEL|ESC \", and the two-byte "ESC x" forms) becomes one
//     marker, so no parameter bytes leak as stray text like "[31m".
//   - Plain text (including any printable Unicode) is returned unchanged,
//     and String returns its argument without allocating when nothing
//     needs replacing.
//   - Line keeps one line of output: it also neutralises '\n' and '\t'.
//
// # Caveats
//
//   - Replacements are visible: an escape sequence becomes "\x1b[…]" shown
//     as the literal text "␛[…]"; other controls become their "\xNN" or
//     "\u202e" spelling. This is for display, not for round-tripping: use
//     JSON output to get the exact stored text.
//   - Zero-width characters other than the bidi marks (ZWJ, ZWNJ, ZWSP) are
//     kept: they are part of legitimate scripts and emoji.
package termsafe
