//! Fonts for OFD: a subset of each face with the glyphs drawn, and a `cmap` for them.
//!
//! The `subsetter` crate keeps the outlines, metrics and names of the glyphs asked for,
//! renumbered from 1 in the order given, and drops the `cmap` (a PDF maps its own codes to
//! glyphs). An OFD's `TextCode` gives characters, which a consumer maps to glyphs through the
//! font's `cmap`, so one is built for the characters drawn (formats 4 and 12, Windows Unicode)
//! and put back into the font.

use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// The subset of a face with `glyphs` (old glyph id → the characters it draws), with a `cmap`.
pub fn subset(
    data: &[u8],
    index: u32,
    glyphs: &BTreeMap<u16, char>,
    name: &str,
) -> Result<Vec<u8>> {
    let mut remapper = subsetter::GlyphRemapper::new();
    for &old in glyphs.keys() {
        remapper.remap(old);
    }
    let font = subsetter::subset(data, index, &remapper)
        .map_err(|e| Error::Ofd(format!("font {name} cannot be subset: {e}")))?;
    let map: BTreeMap<u32, u16> = glyphs
        .iter()
        .filter_map(|(&old, &c)| Some((u32::from(c), remapper.get(old)?)))
        .collect();
    with_table(&font, *b"cmap", &cmap(&map))
        .ok_or_else(|| Error::Ofd(format!("font {name}: the subset is not a valid font")))
}

/// A `cmap` table: format 4 for the BMP (when it fits) and format 12 for all, both Windows
/// Unicode.
fn cmap(map: &BTreeMap<u32, u16>) -> Vec<u8> {
    let bmp: Vec<(u16, u16)> = map
        .iter()
        .filter_map(|(&c, &g)| Some((u16::try_from(c).ok().filter(|&c| c != 0xFFFF)?, g)))
        .collect();
    // Format 4: one segment a character, and the closing 0xFFFF one.
    let segments = bmp.len() + 1;
    let format4 = (16 + 8 * segments <= usize::from(u16::MAX)).then(|| {
        let mut t = Vec::with_capacity(16 + 8 * segments);
        let seg_x2 = (segments * 2) as u16;
        let search = 2 * (1u16 << (segments.ilog2()));
        let fields = [
            4,
            (16 + 8 * segments) as u16,
            0,
            seg_x2,
            search,
            segments.ilog2() as u16,
            seg_x2 - search,
        ];
        fields.iter().for_each(|v| t.extend(v.to_be_bytes()));
        let ends = bmp.iter().map(|&(c, _)| c).chain([0xFFFF]);
        ends.clone().for_each(|c| t.extend(c.to_be_bytes()));
        t.extend(0u16.to_be_bytes());
        ends.for_each(|c| t.extend(c.to_be_bytes()));
        let deltas = bmp.iter().map(|&(c, g)| g.wrapping_sub(c)).chain([1]);
        deltas.for_each(|d| t.extend(d.to_be_bytes()));
        (0..segments).for_each(|_| t.extend(0u16.to_be_bytes()));
        t
    });
    let mut format12 = Vec::with_capacity(16 + 12 * map.len());
    format12.extend(12u16.to_be_bytes());
    format12.extend(0u16.to_be_bytes());
    format12.extend(((16 + 12 * map.len()) as u32).to_be_bytes());
    format12.extend(0u32.to_be_bytes());
    format12.extend((map.len() as u32).to_be_bytes());
    for (&c, &g) in map {
        format12.extend(c.to_be_bytes());
        format12.extend(c.to_be_bytes());
        format12.extend(u32::from(g).to_be_bytes());
    }
    let subtables: Vec<(u16, &[u8])> = format4
        .as_deref()
        .map(|t| (1u16, t))
        .into_iter()
        .chain([(10u16, format12.as_slice())])
        .collect();
    let mut table = Vec::new();
    table.extend(0u16.to_be_bytes());
    table.extend((subtables.len() as u16).to_be_bytes());
    let mut offset = 4 + 8 * subtables.len();
    for (encoding, t) in &subtables {
        table.extend(3u16.to_be_bytes());
        table.extend(encoding.to_be_bytes());
        table.extend((offset as u32).to_be_bytes());
        offset += t.len();
    }
    for (_, t) in subtables {
        table.extend(t);
    }
    table
}

/// The font with a table added (or replaced): the table directory rebuilt, the tables
/// 4-aligned, their checksums and the `head` table's adjustment recomputed. `None` if the font's
/// directory is damaged.
fn with_table(font: &[u8], tag: [u8; 4], data: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |at: usize| Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?));
    let count = usize::from(u16_at(4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count + 1);
    for i in 0..count {
        let record = 12 + 16 * i;
        let name: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = u32_at(record + 8)? as usize;
        let length = u32_at(record + 12)? as usize;
        if name != tag {
            tables.push((
                name,
                font.get(offset..offset.checked_add(length)?)?.to_vec(),
            ));
        }
    }
    tables.push((tag, data.to_vec()));
    tables.sort_by_key(|(name, _)| *name);
    if let Some((_, head)) = tables.iter_mut().find(|(name, _)| name == b"head") {
        head.get_mut(8..12)?.fill(0);
    }
    let n = tables.len() as u16;
    let entry_selector = n.ilog2() as u16;
    let search_range = 16 * (1u16 << entry_selector);
    let mut out = Vec::with_capacity(font.len() + data.len() + 16);
    out.extend(font.get(0..4)?);
    for v in [n, search_range, entry_selector, n * 16 - search_range] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (name, table) in &tables {
        out.extend(name);
        out.extend(checksum(table).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((table.len() as u32).to_be_bytes());
        offset += table.len().next_multiple_of(4);
    }
    let mut head_at = None;
    for (name, table) in &tables {
        if name == b"head" {
            head_at = Some(out.len());
        }
        out.extend(table);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out.get_mut(at + 8..at + 12)?
            .copy_from_slice(&adjustment.to_be_bytes());
    }
    Some(out)
}

/// The OpenType checksum: the sum of big-endian 32-bit words, the last padded with zeros.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_maps_the_characters_drawn_to_its_glyphs() {
        let data = crate::format::pdf::fonts::BUILTIN_FONT;
        let font = skrifa::FontRef::from_index(data, 0).unwrap();
        use skrifa::MetadataProvider;
        let charmap = font.charmap();
        let glyphs: BTreeMap<u16, char> = "一、总体情况A"
            .chars()
            .map(|c| (charmap.map(c).unwrap().to_u32() as u16, c))
            .collect();
        let subset = subset(data, 0, &glyphs, "test").unwrap();
        assert!(subset.len() < data.len() / 20, "{} bytes", subset.len());
        let font = skrifa::FontRef::new(&subset).unwrap();
        let charmap = font.charmap();
        let mut mapped: Vec<u32> = "一、总体情况A"
            .chars()
            .map(|c| charmap.map(c).unwrap().to_u32())
            .collect();
        mapped.sort_unstable();
        assert_eq!(mapped, (1..=7).collect::<Vec<_>>());
        assert_eq!(checksum(&subset), 0xB1B0_AFBA);
    }
}
