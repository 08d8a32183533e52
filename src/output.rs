//! Writing outputs without ever leaving a partial file: a temporary file beside the target,
//! flushed to disk, then renamed over it.
//!
//! Only a regular file (or a name not taken yet) is written that way. A device (`/dev/null`,
//! `/dev/full`, a terminal), a FIFO, a socket, or a path under `/dev` or `/proc` (`/dev/stdout`,
//! `/proc/self/fd/1`) is opened and written directly, as a shell redirection would: renaming a
//! file over it would replace the node instead of writing to it. A symbolic link to a regular file
//! is followed: the file it points to is replaced, the link stays.
//!
//! The temporary file is named `.NAME.PID.tmp` after its target and the writing process, so it
//! can be found again:
//! - while it is being written it is registered here, and [`remove_temp_files`] deletes it; the
//!   command line calls that when it is interrupted (Ctrl-C, SIGTERM) before it exits;
//! - a process killed outright (SIGKILL, power loss) cannot clean up, so each write first removes
//!   the temporary files earlier runs left beside the same target ([`remove_stale_temp_files`]).

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

/// The temporary files being written right now.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_progress() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_PROGRESS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Writes `bytes` to `path` atomically: either the whole new content is there afterwards or the
/// old file (if any) is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    stage(path, bytes, true)?.commit()
}

/// Writes many outputs, each atomically as [`write_atomic`] does, in two steps
/// ([`Outputs::stage`], [`Staged::commit`]). The first write into a directory creates it and
/// deletes the stale temporary files of every name in it, in one listing, instead of listing the
/// directory again for every file written into it (which made an archive of n reports in one
/// directory take n² steps).
#[derive(Default)]
pub struct Outputs {
    prepared: Mutex<HashSet<PathBuf>>,
}

impl Outputs {
    /// Writes `bytes` beside `path`, to be put in its place by [`Staged::commit`] (possibly on
    /// another thread: the flush to disk is the slow part, and a thread that waits for it need
    /// not be one that has work to do).
    pub fn stage(&self, path: &Path, bytes: &[u8]) -> io::Result<Staged> {
        let dir = parent_dir(path);
        {
            let mut prepared = self.prepared.lock().unwrap_or_else(PoisonError::into_inner);
            if !prepared.contains(dir) {
                fs::create_dir_all(dir)?;
                remove_stale(dir, None);
                prepared.insert(dir.to_path_buf());
            }
        }
        stage(path, bytes, false)
    }
}

/// An output written to its temporary file, not yet in place. Dropped uncommitted, the temporary
/// file is deleted.
#[must_use = "an output staged and not committed is deleted"]
pub struct Staged {
    /// The temporary file and the path it is to replace; `None` once committed, or for a
    /// target written directly.
    pending: Option<(fs::File, PathBuf, PathBuf)>,
}

impl Staged {
    /// Flushes the temporary file to disk and renames it over its target.
    pub fn commit(mut self) -> io::Result<()> {
        let Some((file, temp, path)) = self.pending.take() else {
            return Ok(());
        };
        let result = file.sync_all().and_then(|()| fs::rename(&temp, &path));
        release(&temp, result.is_err());
        result
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some((_, temp, _)) = self.pending.take() {
            release(&temp, true);
        }
    }
}

/// Forgets a temporary file being written, deleting it first if `delete`.
fn release(temp: &Path, delete: bool) {
    if delete {
        let _ = fs::remove_file(temp);
    }
    in_progress().retain(|p| p != temp);
}

/// Writes `bytes` to a temporary file beside `path` (or, for a device or pipe, to `path`
/// itself), first deleting the stale temporary files beside it if `sweep`.
fn stage(path: &Path, bytes: &[u8], sweep: bool) -> io::Result<Staged> {
    let path = match Target::of(path) {
        Target::Direct => {
            fs::OpenOptions::new()
                .write(true)
                .open(path)?
                .write_all(bytes)?;
            return Ok(Staged { pending: None });
        }
        Target::Replace(resolved) => resolved,
    };
    if sweep {
        remove_stale_temp_files(&path);
    }
    let temp = temp_path(&path);
    in_progress().push(temp.clone());
    let written = fs::File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        Ok(file)
    });
    match written {
        Ok(file) => Ok(Staged {
            pending: Some((file, temp, path)),
        }),
        Err(e) => {
            release(&temp, true);
            Err(e)
        }
    }
}

/// The directory a path is in (`.` for a bare name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A writer that stops writing, without failing, once its reader has gone (a closed pipe): the
/// rest of the output is dropped while the work, and the exit code it ends with, go on. `check
/// report.txt | head` still fails when the report has errors.
pub struct UntilClosed<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> UntilClosed<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> UntilClosed<W> {
        UntilClosed {
            inner,
            closed: false,
        }
    }

    fn guard<T>(&mut self, result: io::Result<T>, done: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(done)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for UntilClosed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.guard(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.guard(result, ())
    }
}

/// How an output path is written.
enum Target {
    /// Opened and written in place: a device, FIFO or socket, or a special path.
    Direct,
    /// Replaced by a renamed temporary file: this path, or the regular file a link points to.
    Replace(PathBuf),
}

impl Target {
    fn of(path: &Path) -> Target {
        match fs::metadata(path) {
            Ok(meta) if !meta.is_file() => Target::Direct,
            Ok(_) => Target::Replace(
                fs::symlink_metadata(path)
                    .is_ok_and(|m| m.file_type().is_symlink())
                    .then(|| fs::canonicalize(path).ok())
                    .flatten()
                    .unwrap_or_else(|| path.to_path_buf()),
            ),
            // Names under /dev and /proc are the kernel's, never a place for a temporary file.
            Err(_) if ["/dev", "/proc"].iter().any(|root| path.starts_with(root)) => Target::Direct,
            Err(_) => Target::Replace(path.to_path_buf()),
        }
    }
}

/// Deletes the temporary files of writes still in progress, so that a process about to exit on
/// a signal leaves nothing half-written behind. Returns how many it deleted.
pub fn remove_temp_files() -> usize {
    let mut files = in_progress();
    let removed = files.iter().filter(|p| fs::remove_file(p).is_ok()).count();
    files.clear();
    removed
}

/// Deletes the temporary files that earlier runs, killed before they could clean up, left beside
/// `target`: those of processes that no longer run (where `/proc` tells), else those older than
/// a day. Another process writing the same target right now keeps its file.
pub fn remove_stale_temp_files(target: &Path) {
    if let Some(name) = target.file_name() {
        remove_stale(parent_dir(target), Some(name.as_encoded_bytes()));
    }
}

/// Deletes the stale temporary files in `dir`: those of the target named `name`, or of any name.
fn remove_stale(dir: &Path, name: Option<&[u8]>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        // `.NAME.PID.tmp`
        let Some(rest) = file_name
            .as_encoded_bytes()
            .strip_prefix(b".")
            .and_then(|rest| rest.strip_suffix(b".tmp"))
        else {
            continue;
        };
        let Some((target, pid)) = rest
            .iter()
            .rposition(|&b| b == b'.')
            .map(|dot| (&rest[..dot], &rest[dot + 1..]))
        else {
            continue;
        };
        let Some(pid) = std::str::from_utf8(pid)
            .ok()
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if name.is_none_or(|name| name == target) && pid != own && is_stale(pid, &entry) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn is_stale(pid: u32, entry: &fs::DirEntry) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return !proc.join(pid.to_string()).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > Duration::from_secs(24 * 60 * 60))
}

/// `.NAME.PID.tmp` beside `path`, with NAME exactly as the target's (bytes that are not UTF-8
/// too, so two targets never share a temporary file).
fn temp_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// The time to stamp a written document with: now, or `SOURCE_DATE_EPOCH` (seconds since
/// 1970, as reproducible builds set it) when that is set, so the same input and options give
/// byte-identical PDFs and DOCX on every run and machine.
pub fn now() -> SystemTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or_else(SystemTime::now, |s| {
            SystemTime::UNIX_EPOCH + Duration::from_secs(s)
        })
}

/// Returns true if and only if `output` names the same file as `input` (through links and
/// `.`/`..` too).
/// `output` need not exist; a hard link to the input counts as the same file.
pub fn same_file(input: &Path, output: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (fs::metadata(input), fs::metadata(output))
            && (a.dev(), a.ino()) == (b.dev(), b.ino())
        {
            return true;
        }
    }
    match (fs::canonicalize(input), fs::canonicalize(output)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temp() {
        let dir = std::env::temp_dir().join(format!("gongwen-output-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.xml");
        fs::write(&target, b"old").unwrap();
        write_atomic(&target, b"new content").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new content");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        assert!(write_atomic(&dir.join("missing/out.xml"), b"x").is_err());
        assert!(same_file(&target, &dir.join(".").join("out.xml")));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_get_their_own_temp_files() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"dir/caf\xe8.pdf"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"dir/caf\xe9.pdf"));
        assert_ne!(temp_path(a), temp_path(b));
        let expected = format!(".caf\u{fffd}.pdf.{}.tmp", std::process::id());
        assert_eq!(
            temp_path(a).file_name().unwrap().to_string_lossy(),
            expected
        );
    }

    #[test]
    fn stale_temp_files_of_dead_processes_are_removed() {
        let dir = std::env::temp_dir().join(format!("gongwen-stale-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.pdf");
        // No process has this id (above the kernel's pid_max).
        let stale = dir.join(".out.pdf.4194399.tmp");
        let other_target = dir.join(".other.pdf.4194399.tmp");
        let alive = dir.join(format!(".out.pdf.{}.tmp", std::process::id()));
        for f in [&stale, &other_target, &alive] {
            fs::write(f, b"partial").unwrap();
        }
        remove_stale_temp_files(&target);
        assert!(!stale.exists());
        assert!(other_target.exists());
        assert!(alive.exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn outputs_create_a_directory_and_clear_it_once() {
        let dir = std::env::temp_dir().join(format!("gongwen-outputs-{}", std::process::id()));
        let outputs = Outputs::default();
        // A new directory is created by the first write into it.
        outputs
            .stage(&dir.join("a.pdf"), b"a")
            .unwrap()
            .commit()
            .unwrap();
        assert_eq!(fs::read(dir.join("a.pdf")).unwrap(), b"a");
        let sub = dir.join("sub");
        fs::create_dir_all(&sub).unwrap();
        let stale = [
            sub.join(".x.pdf.4194399.tmp"),
            sub.join(".y.xml.4194399.tmp"),
        ];
        let alive = sub.join(format!(".z.pdf.{}.tmp", std::process::id()));
        let unrelated = sub.join(".notes.tmp");
        for f in stale.iter().chain([&alive, &unrelated]) {
            fs::write(f, b"partial").unwrap();
        }
        // The first write into `sub` clears the stale files of every name, keeps the others.
        outputs
            .stage(&sub.join("b.xml"), b"b")
            .unwrap()
            .commit()
            .unwrap();
        assert!(stale.iter().all(|f| !f.exists()));
        assert!(alive.exists() && unrelated.exists());
        // Later writes into it do not list it again.
        fs::write(&stale[0], b"partial").unwrap();
        let staged = outputs.stage(&sub.join("c.xml"), b"c").unwrap();
        assert!(stale[0].exists());
        // Staged, the content is in a temporary file beside the target; committed, in place.
        assert!(!sub.join("c.xml").exists());
        staged.commit().unwrap();
        assert_eq!(fs::read(sub.join("c.xml")).unwrap(), b"c");
        // Dropped without a commit, the temporary file goes and the target stays as it was.
        drop(outputs.stage(&sub.join("c.xml"), b"d").unwrap());
        assert_eq!(fs::read(sub.join("c.xml")).unwrap(), b"c");
        let temps = fs::read_dir(&sub)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".c.xml")
            })
            .count();
        assert_eq!(temps, 0);
        fs::remove_dir_all(&dir).unwrap();
    }
}
