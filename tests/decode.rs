//! Decoding: encodings, BOMs, detection, binary and broken input.

mod common;

use common::{corpus_file, data_file};
use gongwen::Error;
use gongwen::decode::{decode, encoding_for_name};

fn expected(name: &str) -> String {
    String::from_utf8(data_file(&format!("encoding/{name}"))).expect("fixture is UTF-8")
}

fn check(file: &str, encoding: &str, text: &str) {
    let decoded = decode(&data_file(&format!("encoding/{file}")), None, false)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(decoded.encoding.name(), encoding, "{file}");
    assert_eq!(decoded.text, text, "{file}");
}

#[test]
fn utf8() {
    check("utf8.txt", "UTF-8", &expected("expected-simplified.txt"));
}

#[test]
fn utf8_bom_is_stripped() {
    check(
        "utf8-bom.txt",
        "UTF-8",
        &expected("expected-simplified.txt"),
    );
}

#[test]
fn gbk_is_reported_as_gb18030() {
    check("gbk.txt", "gb18030", &expected("expected-simplified.txt"));
}

#[test]
fn gb18030_with_four_byte_character() {
    let text = expected("expected-gb18030.txt");
    assert!(text.contains('㐀'));
    check("gb18030.txt", "gb18030", &text);
}

#[test]
fn big5() {
    check("big5.txt", "Big5", &expected("expected-traditional.txt"));
}

#[test]
fn utf16_with_bom() {
    let text = expected("expected-simplified.txt");
    check("utf16le-bom.txt", "UTF-16LE", &text);
    check("utf16be-bom.txt", "UTF-16BE", &text);
}

#[test]
fn utf16le_without_bom_by_nul_pattern() {
    check(
        "utf16le-nobom.txt",
        "UTF-16LE",
        &expected("expected-simplified.txt"),
    );
}

#[test]
fn utf16be_without_bom_by_nul_pattern() {
    let text = expected("expected-simplified.txt");
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let decoded = decode(&bytes, None, false).unwrap();
    assert_eq!(decoded.encoding.name(), "UTF-16BE");
    assert_eq!(decoded.text, text);
}

#[test]
fn forced_encoding_overrides_detection_and_strips_bom() {
    let bytes = data_file("encoding/utf8-bom.txt");
    let decoded = decode(&bytes, Some(encoding_for_name("utf-8").unwrap()), false).unwrap();
    assert_eq!(decoded.text, expected("expected-simplified.txt"));
    // GBK bytes forced as Big5 decode (Big5 accepts most of them) to something else.
    let gbk = data_file("encoding/gbk.txt");
    let forced = decode(&gbk, Some(encoding_for_name("big5").unwrap()), true).unwrap();
    assert_eq!(forced.encoding.name(), "Big5");
    assert_ne!(forced.text, expected("expected-simplified.txt"));
}

#[test]
fn encoding_names() {
    assert_eq!(encoding_for_name("gbk").unwrap().name(), "gb18030");
    assert_eq!(encoding_for_name("GB2312").unwrap().name(), "gb18030");
    assert_eq!(encoding_for_name(" big5 ").unwrap().name(), "Big5");
    assert_eq!(encoding_for_name("utf-16le").unwrap().name(), "UTF-16LE");
    assert!(matches!(
        encoding_for_name("klingon"),
        Err(Error::UnknownEncoding(name)) if name == "klingon"
    ));
}

#[test]
fn empty_input() {
    for bytes in [
        &b""[..],
        b"\xef\xbb\xbf",
        b"  \r\n\t\n",
        "\u{3000}\n".as_bytes(),
        b"\xff\xfe",
    ] {
        assert!(
            matches!(decode(bytes, None, false), Err(Error::Empty)),
            "{bytes:?}"
        );
    }
}

#[test]
fn binary_files_are_named() {
    let cases: [(&[u8], &str); 7] = [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
        (b"\x7fELF\x02\x01\x01\0\0\0", "ELF executable"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\0\x01\0", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\0\x06\0", "ZIP archive"),
        (
            b"\x01\x02\0\x03\x04\xff\0\0\x05",
            "binary file (it contains NUL bytes)",
        ),
    ];
    for (bytes, kind) in cases {
        match decode(bytes, None, false) {
            Err(Error::Binary(k)) => assert_eq!(k, kind),
            other => panic!("{kind}: {other:?}"),
        }
    }
    let message = decode(cases[0].0, None, false).unwrap_err().to_string();
    assert!(
        message.starts_with("this is a PNG image, not a report"),
        "{message}"
    );
}

#[test]
fn nul_bytes_in_forced_single_byte_encoding_are_binary() {
    let bytes = b"\xd6\xd0\xce\xc4\0\0\0\0\xd6\xd0";
    let forced = encoding_for_name("gbk").unwrap();
    assert!(matches!(
        decode(bytes, Some(forced), false),
        Err(Error::Binary(_))
    ));
}

#[test]
fn invalid_utf8_names_the_offset() {
    let mut bytes = "一、总体情况\n".as_bytes().to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xe4\xb8 broken");
    let utf8 = encoding_for_name("utf-8").unwrap();
    match decode(&bytes, Some(utf8), false) {
        Err(Error::Decode {
            encoding,
            offset: o,
            line,
            forced,
            cut,
        }) => {
            assert_eq!(encoding, "UTF-8");
            assert_eq!((o, line, forced, cut), (offset, 2, true, false));
        }
        other => panic!("{other:?}"),
    }
    // With a BOM the offset still counts from the first byte of the file.
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(&bytes);
    match decode(&with_bom, None, false) {
        Err(Error::Decode { offset: o, .. }) => assert_eq!(o, offset + 3),
        other => panic!("{other:?}"),
    }
    let lossy = decode(&bytes, Some(utf8), true).unwrap();
    assert_eq!(lossy.text, "一、总体情况\n\u{fffd} broken");
}

#[test]
fn invalid_gb18030_names_the_offset() {
    let mut bytes = data_file("encoding/gbk.txt");
    let offset = bytes.len();
    bytes.extend_from_slice(b"\x81\x20tail");
    let gb = encoding_for_name("gb18030").unwrap();
    match decode(&bytes, Some(gb), false) {
        Err(Error::Decode {
            encoding,
            offset: o,
            forced,
            ..
        }) => {
            assert_eq!(encoding, "gb18030");
            assert_eq!((o, forced), (offset, true));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn forced_unknown_encoding_name() {
    let e = encoding_for_name("utf-9").unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown encoding `utf-9` (try utf-8, gb18030, gbk, big5, utf-16le, utf-16be)"
    );
}

#[test]
fn corpus_gb18030_originals_match_their_utf8_twins() {
    for stem in ["028_gzbg-national-1975", "031_gzbg-national-2018"] {
        let Some(original) = corpus_file(&format!("{stem}.orig-gb18030.txt")) else {
            return;
        };
        let Some(twin) = corpus_file(&format!("{stem}.txt")) else {
            return;
        };
        let decoded = decode(&original, None, false).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(decoded.encoding.name(), "gb18030", "{stem}");
        assert!(
            decoded.text.as_bytes() == twin.as_slice(),
            "{stem}: text differs from twin"
        );
    }
}

#[test]
fn corpus_utf8_files_decode_as_utf8() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    let mut seen = 0;
    for entry in std::fs::read_dir(dir.join("raw")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains(".orig-") {
            continue;
        }
        let decoded = decode(&std::fs::read(&path).unwrap(), None, false)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded.encoding.name(), "UTF-8", "{name}");
        seen += 1;
    }
    assert!(seen > 10);
}

/// A report of `lines` lines, each with several characters beyond ASCII.
fn report_lines(lines: usize) -> Vec<String> {
    (1..=lines)
        .map(|n| format!("第{n}项工作共办理案件{n}件，同比增长{n}.5%。"))
        .collect()
}

#[test]
fn utf8_cut_mid_character_is_utf8_and_says_so() {
    let text = report_lines(5).join("\n");
    let bytes = &text.as_bytes()[..text.len() - 2];
    match decode(bytes, None, false) {
        Err(e @ Error::Decode { .. }) => {
            let Error::Decode {
                encoding,
                offset,
                line,
                forced,
                cut,
            } = &e
            else {
                unreachable!()
            };
            assert_eq!(
                (*encoding, *offset, *line, *forced, *cut),
                ("UTF-8", text.len() - 3, 5, false, true)
            );
            let message = e.to_string();
            assert!(message.contains("ends mid-character"), "{message}");
            assert!(message.contains("--lossy"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let lossy = decode(bytes, None, true).unwrap();
    assert_eq!(lossy.encoding.name(), "UTF-8");
    assert_eq!(lossy.replaced, 1);
    assert_eq!(lossy.text, format!("{}\u{fffd}", &text[..text.len() - 3]));
}

#[test]
fn lines_in_two_encodings_are_named_and_decoded_each_in_its_own() {
    let lines = report_lines(12);
    let gbk_lines = [4usize, 5, 9];
    let mut bytes = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if gbk_lines.contains(&(i + 1)) {
            bytes.extend_from_slice(&encoding_rs::GB18030.encode(line).0);
        } else {
            bytes.extend_from_slice(line.as_bytes());
        }
        bytes.push(b'\n');
    }
    match decode(&bytes, None, false) {
        Err(Error::MixedEncodings { utf8, other, lines }) => {
            assert_eq!((utf8, other), (9, "gb18030"));
            assert_eq!(lines, gbk_lines);
        }
        other => panic!("{other:?}"),
    }
    let lossy = decode(&bytes, None, true).unwrap();
    assert_eq!(lossy.text, lines.join("\n") + "\n");
    assert_eq!(lossy.replaced, 0);
}

#[test]
fn a_stray_byte_in_utf8_is_damage_not_another_encoding() {
    let mut bytes = report_lines(3).join("\n").into_bytes();
    bytes.insert(10, 0xff);
    match decode(&bytes, None, false) {
        Err(Error::Decode {
            encoding, offset, ..
        }) => assert_eq!((encoding, offset), ("UTF-8", 10)),
        other => panic!("{other:?}"),
    }
    assert_eq!(decode(&bytes, None, true).unwrap().replaced, 1);
}

#[test]
fn lossy_decoding_in_the_wrong_encoding_fails_past_one_character_in_ten() {
    let text = report_lines(20).join("\n");
    let gbk = encoding_rs::GB18030.encode(&text).0.into_owned();
    let utf8 = encoding_for_name("utf-8").unwrap();
    match decode(&gbk, Some(utf8), true) {
        Err(Error::Garbled {
            encoding,
            replaced,
            chars,
        }) => {
            assert_eq!(encoding, "UTF-8");
            assert!(replaced * 10 > chars, "{replaced} of {chars}");
        }
        other => panic!("{other:?}"),
    }
    // A GBK file that is all GBK still reads as GBK, without any replacement.
    let read = decode(&gbk, None, true).unwrap();
    assert_eq!((read.text.as_str(), read.replaced), (text.as_str(), 0));
}
