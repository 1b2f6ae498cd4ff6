package corpus

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// decode turns a file's bytes into text. UTF-8 is used as is (a BOM is
// dropped); UTF-16 with a byte-order mark is decoded; any byte that is not
// part of valid UTF-8 is read as Windows-1252, which is what old news files
// with a stray "£" (0xA3) or curly quote (0x93) mean. latin1 reports that.
// Text with NUL bytes or mostly control characters is ErrBinary; text with
// nothing but white space is ErrEmpty.
func decode(data []byte) (text string, latin1 bool, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		text = decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		text = decodeUTF16(data[2:], true)
	default:
		if bytes.IndexByte(data, 0) >= 0 {
			return "", false, ErrBinary
		}
		data = bytes.TrimPrefix(data, []byte("\uFEFF"))
		if utf8.Valid(data) {
			text = string(data)
		} else {
			if invalidShare(data) > 0.3 {
				return "", false, ErrBinary
			}
			text, latin1 = decodeMixed(data), true
		}
	}
	if binaryText(text) {
		return "", false, ErrBinary
	}
	if strings.TrimFunc(text, func(r rune) bool { return unicode.IsSpace(r) || invisible(r) }) == "" {
		return "", false, ErrEmpty
	}
	return text, latin1, nil
}

// decodeMixed keeps valid UTF-8 sequences and reads every other byte as
// Windows-1252, so a mostly-UTF-8 file with one Latin-1 "£" comes out right.
func decodeMixed(data []byte) string {
	var sb strings.Builder
	sb.Grow(len(data) + len(data)/8)
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			sb.WriteRune(windows1252(data[0]))
			data = data[1:]
			continue
		}
		sb.Write(data[:size])
		data = data[size:]
	}
	return sb.String()
}

// cp1252 maps bytes 0x80–0x9F of Windows-1252; the rest of the high half is
// Latin-1, which equals the Unicode code point.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

func windows1252(b byte) rune {
	if b >= 0x80 && b < 0xA0 {
		return cp1252[b-0x80]
	}
	return rune(b)
}

func decodeUTF16(data []byte, bigEndian bool) string {
	units := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		if bigEndian {
			units = append(units, uint16(data[i])<<8|uint16(data[i+1]))
		} else {
			units = append(units, uint16(data[i+1])<<8|uint16(data[i]))
		}
	}
	return string(utf16.Decode(units))
}

// invalidShare is the share of bytes (in the first 64 KiB) that are not part
// of valid UTF-8.
func invalidShare(data []byte) float64 {
	data = data[:min(len(data), 64<<10)]
	bad := 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			bad++
		}
		i += size
	}
	return float64(bad) / float64(max(len(data), 1))
}

// binaryText reports text (first 64 KiB) in which more than one character
// in ten is a control character other than common white space, or that
// holds NUL.
func binaryText(s string) bool {
	s = s[:min(len(s), 64<<10)]
	n, bad := 0, 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= ' ' && c < 0x7f {
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size - 1
		n++
		switch {
		case r == 0:
			return true
		case r == '\n' || r == '\r' || r == '\t' || r == '\f' || r == '\v':
		case unicode.Is(unicode.Cc, r):
			bad++
		}
	}
	return n > 0 && bad*10 > n
}
