package archive

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Version records are stored in a compact binary form: they are decoded
// for every exported, shown or listed version, and JSON decoding was the
// largest cost of export. A record starting with '{' is read as JSON.
const vrecBinary = 1

// vrecBinary2 adds ReqURL at the end.
const vrecBinary2 = 2

// vrecBinary3 adds ArtSum, then a CRC-32C of the whole record: damage
// inside a stored URL, date or count is then detected like damage in the
// text (which the content hash covers), and so is damage anywhere in the
// stored article (ArtSum). Records of the older forms are read as before,
// without the check, and get it when next rewritten.
const vrecBinary3 = 3

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// errVersionSum: a version record fails its checksum.
var errVersionSum = fmt.Errorf("%w: the version record does not match its checksum (its URL, dates or metadata are damaged)", ErrCorrupt)

// articleSum is the checksum a version record keeps of its stored article.
func articleSum(z []byte) uint32 { return crc32.Checksum(z, crcTable) }

// checkArticle checks a stored article against the version's ArtSum (0:
// none kept, a record older than the checksum).
func (vr *versionRec) checkArticle(z []byte) error {
	if vr.ArtSum != 0 && articleSum(z) != vr.ArtSum {
		return fmt.Errorf("%w: the stored article does not match its checksum", ErrCorrupt)
	}
	return nil
}

func (vr *versionRec) encode() []byte {
	b := make([]byte, 0, 256+len(vr.Header)+len(vr.Summary)+len(vr.Title))
	b = append(b, vrecBinary3)
	uv := func(v uint64) { b = binary.AppendUvarint(b, v) }
	str := func(s string) { uv(uint64(len(s))); b = append(b, s...) }
	tm := func(t time.Time) {
		if t.IsZero() {
			b = append(b, 0)
			return
		}
		b = append(b, 1)
		b = binary.AppendVarint(b, t.UnixNano())
	}
	uv(vr.Seq)
	str(vr.URL)
	str(vr.Site)
	tm(vr.FirstSeen)
	tm(vr.LastSeen)
	tm(vr.FetchedAt)
	uv(uint64(vr.Status))
	str(vr.FinalURL)
	str(string(vr.Header))
	uv(uint64(vr.RawSize))
	str(vr.Blob)
	str(vr.Hash)
	uv(uint64(vr.Words))
	str(vr.Title)
	uv(uint64(len(vr.Authors)))
	for _, a := range vr.Authors {
		str(a)
	}
	str(vr.Published)
	str(vr.Summary)
	str(vr.Extractor)
	uv(uint64(vr.Stored))
	str(vr.ReqURL)
	uv(uint64(vr.ArtSum))
	return binary.BigEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
}

// vdecoder reads the binary form; the first error sticks.
type vdecoder struct {
	b   []byte
	bad bool
}

func (d *vdecoder) uv() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *vdecoder) str() string {
	n := d.uv()
	if d.bad || n > uint64(len(d.b)) {
		d.bad = true
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *vdecoder) tm() time.Time {
	if len(d.b) == 0 {
		d.bad = true
		return time.Time{}
	}
	flag := d.b[0]
	d.b = d.b[1:]
	if flag == 0 {
		return time.Time{}
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad = true
		return time.Time{}
	}
	d.b = d.b[n:]
	return time.Unix(0, v).UTC()
}

func decodeVersion(v []byte) (*versionRec, error) {
	var vr versionRec
	if len(v) > 0 && v[0] == '{' {
		if err := json.Unmarshal(v, &vr); err != nil {
			return nil, err
		}
		return &vr, nil
	}
	if len(v) == 0 || (v[0] != vrecBinary && v[0] != vrecBinary2 && v[0] != vrecBinary3) {
		return nil, fmt.Errorf("unknown version record format")
	}
	sumOK := true
	if v[0] == vrecBinary3 {
		if len(v) < 5 {
			return nil, fmt.Errorf("truncated version record")
		}
		body := v[:len(v)-4]
		sumOK = crc32.Checksum(body, crcTable) == binary.BigEndian.Uint32(v[len(v)-4:])
		v = body
	}
	d := &vdecoder{b: v[1:]}
	vr.Seq = d.uv()
	vr.URL = d.str()
	vr.Site = d.str()
	vr.FirstSeen = d.tm()
	vr.LastSeen = d.tm()
	vr.FetchedAt = d.tm()
	vr.Status = int(d.uv())
	vr.FinalURL = d.str()
	if h := d.str(); h != "" {
		vr.Header = json.RawMessage(h)
	}
	vr.RawSize = int(d.uv())
	vr.Blob = d.str()
	vr.Hash = d.str()
	vr.Words = int(d.uv())
	vr.Title = d.str()
	if n := d.uv(); n > 0 && n <= uint64(len(d.b)) {
		vr.Authors = make([]string, n)
		for i := range vr.Authors {
			vr.Authors[i] = d.str()
		}
	} else if n > 0 {
		d.bad = true
	}
	vr.Published = d.str()
	vr.Summary = d.str()
	vr.Extractor = d.str()
	vr.Stored = int(d.uv())
	if v[0] >= vrecBinary2 {
		vr.ReqURL = d.str()
	}
	if v[0] >= vrecBinary3 {
		vr.ArtSum = uint32(d.uv())
	}
	if d.bad {
		return nil, fmt.Errorf("truncated version record")
	}
	if !sumOK {
		// Decoded, but some field is not as written: the caller may
		// still use it (salvage copies it, named), readers refuse it.
		return &vr, errVersionSum
	}
	return &vr, nil
}

func putVersion(b *bolt.Bucket, k []byte, vr *versionRec) (int, error) {
	v := vr.encode()
	return len(v), b.Put(k, v)
}
