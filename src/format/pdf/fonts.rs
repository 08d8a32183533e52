//! Fonts for the PDF writer: the built-in font, the 公文 fonts installed on the system, `--font`
//! overrides, and the glyph-coverage check that runs before anything is drawn.
//!
//! Each [`Role`] has a chain of fonts: the font given with `--font ROLE=PATH`, else the first
//! installed font of the role's families, then the built-in font. Every character is drawn with
//! the first font of its chain that has a glyph for it; a character no font has is an error
//! ([`Error::MissingGlyphs`]), never an empty box.

use super::installed::{self, InstalledFace};
use crate::error::{Error, Result};
use crate::model::Script;
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The built-in body faces: a collection of two subsets of Noto Serif CJK (SIL OFL 1.1), SC
/// (face 0) and TC (face 1), covering GB2312, Big5, ASCII and the punctuation reports use, with
/// TrueType outlines. `fonts/make-subset.py` makes it and the other faces; `fonts/README.md` says
/// what each holds.
pub static BUILTIN_FONT: &[u8] = include_bytes!("../../../fonts/NotoSerifCJK-gongwen.ttc");

/// A face built into the binary.
struct BuiltinFace {
    data: &'static [u8],
    /// The face's number in a collection.
    index: u32,
    name: &'static str,
}

const TITLE_FACES: &[u8] = include_bytes!("../../../fonts/NotoSerifCJK-Bold-gongwen.ttc");
const HEADING1_FACES: &[u8] = include_bytes!("../../../fonts/NotoSansCJK-Medium-gongwen.ttc");

/// The built-in faces per role ([`Role::index`]): the Simplified face, then the Traditional
/// face, the same characters in Traditional forms (drawn before the SC face).
static BUILTIN_FACES: [[BuiltinFace; 2]; 4] = [
    [
        BuiltinFace {
            data: BUILTIN_FONT,
            index: 0,
            name: "built-in Noto Serif CJK SC",
        },
        BuiltinFace {
            data: BUILTIN_FONT,
            index: 1,
            name: "built-in Noto Serif CJK TC",
        },
    ],
    [
        BuiltinFace {
            data: TITLE_FACES,
            index: 0,
            name: "built-in Noto Serif CJK SC Bold",
        },
        BuiltinFace {
            data: TITLE_FACES,
            index: 1,
            name: "built-in Noto Serif CJK TC Bold",
        },
    ],
    [
        BuiltinFace {
            data: HEADING1_FACES,
            index: 0,
            name: "built-in Noto Sans CJK SC Medium",
        },
        BuiltinFace {
            data: HEADING1_FACES,
            index: 1,
            name: "built-in Noto Sans CJK TC Medium",
        },
    ],
    [
        BuiltinFace {
            data: include_bytes!("../../../fonts/WenKai-gongwen.ttf"),
            index: 0,
            name: "built-in gongwen WenKai",
        },
        BuiltinFace {
            data: include_bytes!("../../../fonts/TW-Kai-gongwen.ttf"),
            index: 0,
            name: "built-in TW-Kai",
        },
    ],
];

/// Which of a role's built-in faces: Simplified (0) or Traditional (1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct BuiltinId {
    role: Role,
    traditional: bool,
}

impl BuiltinId {
    /// The built-in faces a role's text falls back to, in order: for Traditional text the
    /// role's TC face before its SC face, then the body's; for Simplified text the role's
    /// SC face, then the body's.
    fn chain(role: Role, script: Script) -> Vec<BuiltinId> {
        let faces = |role| match script {
            Script::Simplified => vec![BuiltinId {
                role,
                traditional: false,
            }],
            Script::Traditional => vec![
                BuiltinId {
                    role,
                    traditional: true,
                },
                BuiltinId {
                    role,
                    traditional: false,
                },
            ],
        };
        let mut chain = faces(role);
        if role != Role::Body {
            chain.extend(faces(Role::Body));
        }
        chain
    }
}

pub use crate::format::gbt9704::Role;

/// Parses a `--font` argument, `ROLE=PATH`.
pub fn parse_font_arg(arg: &str) -> Option<(Role, PathBuf)> {
    let (role, path) = arg.split_once('=')?;
    let role = Role::from_name(role.trim())?;
    (!path.is_empty()).then(|| (role, PathBuf::from(path)))
}

/// A font ready for measuring and drawing.
pub(crate) struct LoadedFont {
    /// The font for krilla.
    pub krilla: krilla::text::Font,
    data: krilla::Data,
    index: u32,
    /// Where it came from, for messages.
    pub name: String,
}

impl LoadedFont {
    fn new(data: krilla::Data, index: u32, name: String) -> Result<LoadedFont> {
        FontRef::from_index(data.as_ref(), index).map_err(|e| Error::Font {
            path: name.clone(),
            message: format!("not a usable OpenType font ({e})"),
        })?;
        let krilla = krilla::text::Font::new(data.clone(), index).ok_or_else(|| Error::Font {
            path: name.clone(),
            message: "not a usable OpenType font".to_string(),
        })?;
        Ok(LoadedFont {
            krilla,
            data,
            index,
            name,
        })
    }

    fn font_ref(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(self.data.as_ref(), self.index).ok()
    }
}

/// A built-in face, parsed once per process.
fn builtin(id: BuiltinId) -> Result<&'static LoadedFont> {
    static FACES: [[OnceLock<Option<LoadedFont>>; 2]; 4] =
        [const { [const { OnceLock::new() }; 2] }; 4];
    let face = &BUILTIN_FACES[id.role.index()][usize::from(id.traditional)];
    FACES[id.role.index()][usize::from(id.traditional)]
        .get_or_init(|| {
            let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(face.data);
            LoadedFont::new(data.into(), face.index, face.name.to_string()).ok()
        })
        .as_ref()
        .ok_or_else(|| Error::Font {
            path: face.name.to_string(),
            message: "the built-in font is damaged".to_string(),
        })
}

/// How one character of one role is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Index of the font in the [`FontSet`].
    pub font: usize,
    /// The glyph id in that font.
    pub id: u32,
    /// The advance width in ems.
    pub advance: f32,
}

/// The face of a font file to use for text in `script`: in a collection such as Noto CJK's
/// `.ttc` (JP, KR, SC, TC, HK faces), the face whose family name says Simplified or Traditional
/// Chinese; otherwise the first face.
pub(crate) fn face_for_script(data: &[u8], script: Script) -> u32 {
    let wanted: &[&str] = match script {
        Script::Simplified => &[" SC", "GB", "Simplified", "SC "],
        Script::Traditional => &[" TC", "Big5", "Traditional", "TC ", " HK"],
    };
    FontRef::fonts(data)
        .enumerate()
        .find_map(|(i, font)| {
            let font = font.ok()?;
            let names = font.localized_strings(skrifa::string::StringId::FAMILY_NAME);
            let matches = names
                .map(|n| n.to_string())
                .any(|name| wanted.iter().any(|w| name.contains(w)));
            matches.then(|| u32::try_from(i).ok()).flatten()
        })
        .unwrap_or(0)
}

/// An installed face, named by its first family name; `None` if it cannot be read. Each face
/// is read once per process.
fn load_face(face: &InstalledFace) -> Option<Arc<LoadedFont>> {
    static LOADED: OnceLock<std::sync::Mutex<HashMap<InstalledFace, Option<Arc<LoadedFont>>>>> =
        OnceLock::new();
    let mut loaded = LOADED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    loaded
        .entry(face.clone())
        .or_insert_with(|| {
            let data = std::fs::read(&face.path).ok()?;
            LoadedFont::new(data.into(), face.index, face.name.clone())
                .ok()
                .map(Arc::new)
        })
        .clone()
}

/// The fonts of a document: every role's chain, and every character resolved to a glyph.
pub struct FontSet {
    fonts: Vec<FontEntry>,
    chains: [Vec<usize>; 4],
    glyphs: HashMap<(Role, char), Glyph>,
    /// Whether installed fonts may be used: looked up for the 公文 families, and on the first
    /// character no font of a chain has.
    system: bool,
}

enum FontEntry {
    /// Built into the binary.
    Builtin(&'static LoadedFont),
    /// Read from a file given or installed.
    Loaded(Arc<LoadedFont>),
}

impl FontEntry {
    fn get(&self) -> &LoadedFont {
        match self {
            FontEntry::Builtin(f) => f,
            FontEntry::Loaded(f) => f,
        }
    }
}

/// Where the fonts come from.
#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// The script of the text: picks the SC or TC face of a font collection (`.ttc`).
    pub script: Script,
    /// Fonts given by the user, per role (`--font ROLE=PATH`).
    pub overrides: Vec<(Role, PathBuf)>,
    /// Look up the 公文 fonts installed on the system by family name.
    pub system_fonts: bool,
}

impl FontSet {
    /// Loads the fonts: overrides, then installed fonts (if asked), then the built-in faces of
    /// the role and of the body, in the forms of the text's script.
    pub fn load(options: &FontOptions) -> Result<FontSet> {
        let mut fonts = Vec::new();
        let mut chains: [Vec<usize>; 4] = Default::default();
        let mut by_path: HashMap<PathBuf, usize> = HashMap::new();
        for (role, path) in &options.overrides {
            let index = match by_path.get(path) {
                Some(&i) => i,
                None => {
                    let bytes = std::fs::read(path).map_err(|e| Error::Font {
                        path: path.display().to_string(),
                        message: e.to_string(),
                    })?;
                    let face = face_for_script(&bytes, options.script);
                    let font = LoadedFont::new(bytes.into(), face, path.display().to_string())?;
                    fonts.push(FontEntry::Loaded(Arc::new(font)));
                    by_path.insert(path.clone(), fonts.len() - 1);
                    fonts.len() - 1
                }
            };
            chains[role.index()] = vec![index];
        }
        let missing: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| chains[r.index()].is_empty())
            .collect();
        if options.system_fonts && !missing.is_empty() {
            let found = installed::role_faces();
            let mut by_face: HashMap<&InstalledFace, usize> = HashMap::new();
            for role in missing {
                let Some(face) = &found[role.index()] else {
                    continue;
                };
                if let Some(&i) = by_face.get(face) {
                    chains[role.index()].push(i);
                    continue;
                }
                if let Some(font) = load_face(face) {
                    fonts.push(FontEntry::Loaded(font));
                    by_face.insert(face, fonts.len() - 1);
                    chains[role.index()].push(fonts.len() - 1);
                }
            }
        }
        let mut builtins: HashMap<BuiltinId, usize> = HashMap::new();
        for role in Role::ALL {
            for id in BuiltinId::chain(role, options.script) {
                let index = match builtins.get(&id) {
                    Some(&i) => i,
                    None => {
                        fonts.push(FontEntry::Builtin(builtin(id)?));
                        builtins.insert(id, fonts.len() - 1);
                        fonts.len() - 1
                    }
                };
                chains[role.index()].push(index);
            }
        }
        Ok(FontSet {
            fonts,
            chains,
            glyphs: HashMap::new(),
            system: options.system_fonts,
        })
    }

    /// The built-in faces alone, for Simplified text.
    pub fn builtin() -> Result<FontSet> {
        FontSet::load(&FontOptions::default())
    }

    /// Resolves every character along its role's chain: the glyphs found, and the characters
    /// no font of their chain has.
    fn resolve_chains(
        &self,
        used: &BTreeSet<(Role, char)>,
    ) -> (HashMap<(Role, char), Glyph>, BTreeSet<char>) {
        let glyphs_of: Vec<Option<Glyphs<'_>>> = self
            .fonts
            .iter()
            .map(|f| f.get().font_ref().as_ref().and_then(Glyphs::of))
            .collect();
        let mut missing = BTreeSet::new();
        let mut glyphs = HashMap::with_capacity(used.len());
        for &(role, c) in used {
            let found = self.chains[role.index()].iter().find_map(|&i| {
                let font = glyphs_of[i].as_ref()?;
                font.get(c).map(|(id, advance)| Glyph {
                    font: i,
                    id,
                    advance,
                })
            });
            // Spaces and invisible format characters no font has are drawn with the space
            // glyph (invisible format characters at no width); they keep their own text.
            let found = found.or_else(|| {
                let width = if c.is_whitespace() {
                    if c == '\t' { 2.0 } else { 1.0 }
                } else if invisible(c) {
                    0.0
                } else {
                    return None;
                };
                self.chains[role.index()].iter().find_map(|&i| {
                    let font = glyphs_of[i].as_ref()?;
                    font.get(' ').map(|(id, advance)| Glyph {
                        font: i,
                        id,
                        advance: advance * width,
                    })
                })
            });
            match found {
                Some(g) => {
                    glyphs.insert((role, c), g);
                }
                None => {
                    missing.insert(c);
                }
            }
        }
        (glyphs, missing)
    }

    /// Appends to every chain an installed font for each character in `missing` that one has
    /// (a symbol font for ►, a HK font for a rare 字). Returns true if and only if it added any.
    fn add_fallbacks(&mut self, missing: &BTreeSet<char>) -> bool {
        if !self.system {
            return false;
        }
        let db = installed::database();
        let mut found: Vec<fontdb::ID> = Vec::new();
        for &c in missing {
            let has = |id: fontdb::ID| {
                db.with_face_data(id, |data, index| {
                    FontRef::from_index(data, index)
                        .ok()
                        .and_then(|f| Glyphs::of(&f)?.get(c))
                        .is_some()
                }) == Some(true)
            };
            if found.iter().any(|&id| has(id)) {
                continue;
            }
            if let Some(face) = db.faces().find(|f| has(f.id)) {
                found.push(face.id);
            }
        }
        let mut added = false;
        for id in found {
            if let Some(font) = installed::face(db, id).and_then(|face| load_face(&face)) {
                self.fonts.push(FontEntry::Loaded(font));
                let index = self.fonts.len() - 1;
                for chain in &mut self.chains {
                    chain.push(index);
                }
                added = true;
            }
        }
        added
    }

    /// Resolves every character used in each role to a glyph, falling back along the role's
    /// chain (role font, installed 公文 font, built-in font) and then, when installed fonts may be
    /// used, to any installed font that has it. Fails with [`Error::MissingGlyphs`], listing them
    /// in code-point order, if some characters are in no font at all.
    pub fn resolve(&mut self, used: &BTreeSet<(Role, char)>) -> Result<()> {
        let (mut glyphs, mut missing) = self.resolve_chains(used);
        if !missing.is_empty() && self.add_fallbacks(&missing) {
            (glyphs, missing) = self.resolve_chains(used);
        }
        if !missing.is_empty() {
            return Err(Error::MissingGlyphs(missing.into_iter().collect()));
        }
        self.glyphs.extend(glyphs);
        Ok(())
    }

    /// The glyph resolved for a character of a role (after [`FontSet::resolve`]).
    pub fn glyph(&self, role: Role, c: char) -> Option<Glyph> {
        self.glyphs.get(&(role, c)).copied()
    }

    /// The krilla font at an index.
    pub(crate) fn krilla_font(&self, index: usize) -> Option<&krilla::text::Font> {
        self.fonts.get(index).map(|f| &f.get().krilla)
    }

    /// How many fonts the set holds (the bound of a [`Glyph`]'s `font`).
    pub(crate) fn len(&self) -> usize {
        self.fonts.len()
    }

    /// The file data of the font at an index and the index of its face in a collection.
    pub(crate) fn face_data(&self, index: usize) -> Option<(&[u8], u32)> {
        self.fonts.get(index).map(|f| {
            let f = f.get();
            (f.data.as_ref(), f.index)
        })
    }

    /// The name of the first font in a role's chain (for messages and tests).
    pub fn font_name(&self, role: Role) -> &str {
        self.chains[role.index()]
            .first()
            .map_or("", |&i| self.name(i))
    }

    /// The name of the font at an index (a [`Glyph`]'s `font`).
    pub fn name(&self, index: usize) -> &str {
        self.fonts.get(index).map_or("", |f| f.get().name.as_str())
    }
}

/// Default-ignorable format characters: zero-width spaces and joiners, marks, the BOM.
fn invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// A font's character map and advances, read once for the many characters looked up in it.
struct Glyphs<'a> {
    charmap: skrifa::charmap::Charmap<'a>,
    metrics: skrifa::metrics::GlyphMetrics<'a>,
    upem: f32,
}

impl<'a> Glyphs<'a> {
    /// None for a font without a `head` table (no units per em).
    fn of(font: &FontRef<'a>) -> Option<Glyphs<'a>> {
        let upem = font.head().ok()?.units_per_em().max(1);
        Some(Glyphs {
            charmap: font.charmap(),
            metrics: font.glyph_metrics(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            ),
            upem: f32::from(upem),
        })
    }

    /// The glyph and advance (in ems) of a character, if the font maps it to a real glyph.
    fn get(&self, c: char) -> Option<(u32, f32)> {
        let id = self.charmap.map(c)?;
        if id.to_u32() == 0 {
            return None;
        }
        let advance = self.metrics.advance_width(id)?;
        Some((id.to_u32(), advance / self.upem))
    }
}

#[cfg(test)]
mod face_tests {
    use super::*;

    #[test]
    fn collections_give_the_face_of_the_script() {
        let path = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
        let Ok(data) = std::fs::read(path) else {
            println!("SKIP: {path} not installed");
            return;
        };
        let family = |index: u32| -> String {
            let font = FontRef::from_index(&data, index).unwrap();
            font.localized_strings(skrifa::string::StringId::FAMILY_NAME)
                .next()
                .unwrap()
                .to_string()
        };
        assert!(family(face_for_script(&data, Script::Simplified)).contains("SC"));
        assert!(family(face_for_script(&data, Script::Traditional)).contains("TC"));
    }

    #[test]
    fn the_built_in_collections_give_the_face_of_the_script() {
        for [sc, tc] in &BUILTIN_FACES {
            assert_eq!(face_for_script(sc.data, Script::Simplified), sc.index);
            assert_eq!(face_for_script(tc.data, Script::Traditional), tc.index);
        }
        // The Noto roles are collections of an SC and a TC face; a single font has one face.
        assert_eq!(face_for_script(BUILTIN_FONT, Script::Traditional), 1);
        assert_eq!(
            face_for_script(BUILTIN_FACES[3][1].data, Script::Simplified),
            0
        );
    }
}
