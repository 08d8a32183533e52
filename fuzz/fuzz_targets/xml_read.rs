//! Bytes → the report XML reader; whatever it accepts must write and read back to the same
//! report, read the same with the figures' derived attributes left out, and be refused cleanly
//! once a figure's value is changed or an id repeated.
#![no_main]

use gongwen::Error;
use gongwen::format::xml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(report) = xml::read(data) else {
        return;
    };
    let _ = gongwen::check::check(&report);
    let Ok(written) = xml::write(&report) else {
        return;
    };
    match xml::read(&written) {
        Ok(again) => assert_eq!(again, report, "write → read changed the report"),
        Err(e) => panic!("the writer's own XML does not read back: {e}"),
    }
    let written = String::from_utf8(written).expect("the writer writes UTF-8");
    let bare = edit_figures(&written, |_, attrs| {
        attrs.retain(|(name, _)| matches!(name.as_str(), "id" | "start" | "end"))
    });
    match xml::read(bare.as_bytes()) {
        Ok(again) => assert_eq!(
            again, report,
            "leaving out figure attributes changed the report"
        ),
        Err(e) => panic!("the XML without figure attributes does not read: {e}"),
    }

    let count = report.figures().len();
    if count == 0 {
        return;
    }
    // Change the value of one figure: its text no longer says it.
    let chosen = data.len() % count;
    let changed = edit_figures(&written, |i, attrs| {
        if i == chosen {
            match attrs.iter_mut().find(|(name, _)| name == "value") {
                Some((_, value)) => value.push('1'),
                None => attrs.push(("value".into(), "NaN".into())),
            }
        }
    });
    assert_refused(&changed, "a changed value");
    // Give the last figure the first one's id.
    let mut first = String::new();
    let twice = edit_figures(&written, |i, attrs| {
        for (_, value) in attrs.iter_mut().filter(|(name, _)| name == "id") {
            if i == 0 {
                first = value.clone();
            } else if i == count - 1 {
                *value = first.clone();
            }
        }
    });
    if count > 1 {
        assert_refused(&twice, "a repeated id");
    }
});

/// Reading `xml` fails with a figure error.
fn assert_refused(xml: &str, what: &str) {
    match xml::read(xml.as_bytes()) {
        Err(Error::XmlFigure { .. }) => {}
        other => panic!("{what} was not refused as a figure error: {other:?}"),
    }
}

/// `xml` (as the writer writes it) with the attributes of each `<figure>` start tag passed
/// through `edit` with the figure's index: names and values as written (escaped).
fn edit_figures(xml: &str, mut edit: impl FnMut(usize, &mut Vec<(String, String)>)) -> String {
    const TAG: &str = "<figure ";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut index = 0;
    while let Some(at) = rest.find(TAG) {
        out.push_str(&rest[..at + TAG.len() - 1]);
        rest = &rest[at + TAG.len()..];
        // Attribute values have `>` and `"` escaped, so the first `>` ends the tag.
        let end = rest.find('>').expect("a start tag ends");
        let mut attrs = Vec::new();
        let mut tag = &rest[..end];
        while let Some(eq) = tag.find("=\"") {
            let close = eq + 2 + tag[eq + 2..].find('"').expect("a value ends");
            attrs.push((tag[..eq].trim().to_string(), tag[eq + 2..close].to_string()));
            tag = &tag[close + 1..];
        }
        edit(index, &mut attrs);
        index += 1;
        for (name, value) in attrs {
            out.push_str(&format!(" {name}=\"{value}\""));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
