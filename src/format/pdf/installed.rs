//! The installed fonts a PDF may use, and the installed face of each role's 公文 families.
//!
//! Finding those faces means reading the names of every installed font: a few milliseconds on
//! a server, tens on a desktop with hundreds of fonts, and on a PDF of a short report more than
//! laying it out. The faces found are kept between runs in `gongwen/fonts.json` under the user's
//! cache directory (`$XDG_CACHE_HOME`, else `~/.cache`), with the modification times of the
//! font directories and the font configuration files; a run that finds them all unchanged (as
//! fontconfig's own cache does) takes the faces from there, any change makes it scan again. The
//! scan itself is still made, once per process, when a character is in no font of its chain.

use crate::format::gbt9704::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::UNIX_EPOCH;

/// An installed face: its file, its number in a collection, and its first family name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct InstalledFace {
    pub path: PathBuf,
    pub index: u32,
    pub name: String,
}

/// Every installed font's names, read on first use, once per process however many reports it
/// writes.
pub(crate) fn database() -> &'static fontdb::Database {
    static INSTALLED: OnceLock<fontdb::Database> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// The installed face of each role's families ([`Role::families`]), by [`Role::index`]; `None`
/// where none of them is installed.
pub(crate) fn role_faces() -> &'static [Option<InstalledFace>; 4] {
    static FACES: OnceLock<[Option<InstalledFace>; 4]> = OnceLock::new();
    FACES.get_or_init(|| {
        let file = cache_file();
        if let Some(faces) = file.as_deref().and_then(load) {
            return faces;
        }
        // Stamped before the scan: a font installed while it runs is seen by the next run.
        let mut watched = stamped(watched());
        let db = database();
        let faces =
            Role::ALL.map(|role| find_family(db, role.families()).and_then(|id| face(db, id)));
        if let Some(file) = file {
            let font_dirs: BTreeSet<PathBuf> = db
                .faces()
                .filter_map(|f| face(db, f.id)?.path.parent().map(Path::to_path_buf))
                // `watched` is in path order (from a set).
                .filter(|dir| watched.binary_search_by(|(path, _)| path.cmp(dir)).is_err())
                .collect();
            watched.extend(stamped(font_dirs));
            save(&file, &faces, watched);
        }
        faces
    })
}

/// The file, face number and first family name of a face of the database; `None` for a face
/// not read from a file.
pub(crate) fn face(db: &fontdb::Database, id: fontdb::ID) -> Option<InstalledFace> {
    let face = db.face(id)?;
    let path = match &face.source {
        fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
        fontdb::Source::Binary(_) => return None,
    };
    Some(InstalledFace {
        path,
        index: face.index,
        name: face
            .families
            .first()
            .map(|(name, _)| name.clone())
            .unwrap_or_default(),
    })
}

/// The first installed face, at normal weight, of the first of `families` that has one.
fn find_family(db: &fontdb::Database, families: &[&str]) -> Option<fontdb::ID> {
    families.iter().find_map(|family| {
        db.query(&fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            weight: fontdb::Weight::NORMAL,
            stretch: fontdb::Stretch::Normal,
            style: fontdb::Style::Normal,
        })
    })
}

/// What the cache file holds.
#[derive(Serialize, Deserialize)]
struct Cache {
    /// [`FORMAT`]: a cache of another format or version is scanned again and replaced.
    format: String,
    /// The environment variables that say where the font configuration is, as they were.
    env: Vec<(String, Option<String>)>,
    /// Every file and directory whose change may change the faces found, with its modification
    /// time in nanoseconds since 1970 (`None`: it did not exist).
    watched: Vec<(PathBuf, Option<u128>)>,
    /// The faces found, by [`Role::index`].
    faces: [Option<InstalledFace>; 4],
}

const FORMAT: &str = concat!("gongwen font cache 1, ", env!("CARGO_PKG_VERSION"));

/// The variables fontconfig (and fontdb) read to find the configuration and the font
/// directories.
const ENV: [&str; 5] = [
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
];

/// Where the cache is kept; `None` where there is no cache directory, and off Linux (where the
/// directories watched here are not the ones fonts are installed in).
fn cache_file() -> Option<PathBuf> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let dir = absolute("XDG_CACHE_HOME").or_else(|| absolute("HOME").map(|h| h.join(".cache")))?;
    Some(dir.join("gongwen").join("fonts.json"))
}

fn env_now() -> Vec<(String, Option<String>)> {
    ENV.iter()
        .map(|&var| (var.to_string(), std::env::var(var).ok()))
        .collect()
}

/// A path's modification time in nanoseconds since 1970; `None` if it does not exist.
fn stamp(path: &Path) -> Option<u128> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(modified.duration_since(UNIX_EPOCH).ok()?.as_nanos())
}

/// The faces of the cache file at `file`, if it is readable, of this format and environment,
/// and nothing it watches has changed.
fn load(file: &Path) -> Option<[Option<InstalledFace>; 4]> {
    let cache: Cache = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    let current = cache.format == FORMAT
        && cache.env == env_now()
        && cache
            .watched
            .iter()
            .all(|(path, time)| stamp(path) == *time);
    current.then_some(cache.faces)
}

/// Each path with its [`stamp`].
fn stamped(paths: BTreeSet<PathBuf>) -> Vec<(PathBuf, Option<u128>)> {
    paths
        .into_iter()
        .map(|path| {
            let time = stamp(&path);
            (path, time)
        })
        .collect()
}

/// Writes the cache file, quietly giving up if it cannot: the next run scans again.
fn save(file: &Path, faces: &[Option<InstalledFace>; 4], watched: Vec<(PathBuf, Option<u128>)>) {
    let cache = Cache {
        format: FORMAT.to_string(),
        env: env_now(),
        watched,
        faces: faces.clone(),
    };
    let Ok(json) = serde_json::to_vec(&cache) else {
        return;
    };
    if let Some(dir) = file.parent()
        && std::fs::create_dir_all(dir).is_ok()
    {
        let _ = crate::output::write_atomic(file, &json);
    }
}

/// What a change of the installed fonts changes: the font configuration files (each file of
/// its `conf.d` directories too) and every directory below the usual font directories (a font
/// added or removed changes its directory's time, a directory added its parent's). The
/// directory of every font found is watched too ([`role_faces`]).
fn watched() -> BTreeSet<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    let data_home = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
    let mut paths: BTreeSet<PathBuf> = ["/etc/fonts/fonts.conf", "/etc/fonts/local.conf"]
        .into_iter()
        .map(PathBuf::from)
        .collect();
    paths.extend(std::env::var_os("FONTCONFIG_FILE").map(PathBuf::from));
    let mut config_dirs = vec![PathBuf::from("/etc/fonts/conf.d")];
    if let Some(config) = config_home.map(|c| c.join("fontconfig")) {
        paths.insert(config.join("fonts.conf"));
        config_dirs.push(config.join("conf.d"));
    }
    // Each file of a configuration directory: one edited in place leaves its directory's time.
    for dir in config_dirs {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            paths.extend(entries.flatten().map(|e| e.path()));
        }
        paths.insert(dir);
    }
    let mut roots = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
    ];
    roots.extend(home.map(|h| h.join(".fonts")));
    roots.extend(data_home.map(|d| d.join("fonts")));
    for root in roots {
        directories_below(root, &mut paths);
    }
    paths
}

/// Adds `dir` (whether it exists or not) and every directory below it, not following links.
fn directories_below(dir: PathBuf, out: &mut BTreeSet<PathBuf>) {
    let mut pending = vec![dir];
    while let Some(dir) = pending.pop() {
        if let Ok(entries) = std::fs::read_dir(&dir) {
            pending.extend(
                entries
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.path()),
            );
        }
        out.insert(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("gongwen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_cache_holds_while_what_it_watches_is_unchanged() {
        let dir = temp_dir("font-cache");
        let fonts = dir.join("fonts");
        std::fs::create_dir_all(fonts.join("truetype")).unwrap();
        let mut paths = BTreeSet::new();
        directories_below(fonts.clone(), &mut paths);
        paths.insert(dir.join("absent.conf"));
        assert_eq!(paths.len(), 3);
        let faces = [
            Some(InstalledFace {
                path: fonts.join("truetype/fangsong.ttf"),
                index: 0,
                name: "FangSong".to_string(),
            }),
            None,
            None,
            None,
        ];
        let file = dir.join("cache/fonts.json");
        save(&file, &faces, stamped(paths));
        assert_eq!(load(&file), Some(faces.clone()));

        // A font added to a watched directory.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(fonts.join("truetype/kaiti.ttf"), b"").unwrap();
        assert_eq!(load(&file), None);

        // A file that did not exist now does.
        let mut paths = BTreeSet::new();
        directories_below(fonts, &mut paths);
        paths.insert(dir.join("absent.conf"));
        save(&file, &faces, stamped(paths));
        assert_eq!(load(&file), Some(faces));
        // Another format, and a damaged file.
        let json = std::fs::read_to_string(&file).unwrap();
        let other = dir.join("cache/other.json");
        std::fs::write(&other, json.replace(FORMAT, "gongwen font cache 0")).unwrap();
        assert_eq!(load(&other), None);
        std::fs::write(&other, &json[..json.len() / 2]).unwrap();
        assert_eq!(load(&other), None);
        std::fs::write(dir.join("absent.conf"), b"<fontconfig/>").unwrap();
        assert_eq!(load(&file), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
