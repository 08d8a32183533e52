//! The command line apart from `main` and `run`: the arguments, the commands, and how errors
//! and interruptions are reported.

pub mod args;
pub mod commands;
mod ordered;
pub mod zh;

use std::io;

/// `-q`: no warnings and no progress on standard error, only errors (set once, from the
/// arguments, before any work; read wherever a warning or progress would be printed).
pub static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Returns true if and only if `-q` was given.
/// The extensions of the files gongwen reads, from the format table: `.xml .docx .html …`.
pub fn input_extensions() -> String {
    let list: Vec<String> = gongwen::format::input_extensions()
        .map(|e| format!(".{e}"))
        .collect();
    list.join(" ")
}

pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints an error: one line (the chain joined with `: `, and what to do about an I/O error), or
/// with `--verbose` one cause a line; in Chinese (`zh`) where the cause is one [`zh`] knows.
pub fn report_error(e: &anyhow::Error, verbose: bool, zh: bool) {
    // Library errors that wrap an I/O error display it as their own message: print it once.
    let mut messages: Vec<String> = Vec::new();
    for cause in e.chain() {
        let message = zh
            .then(|| zh::error_message(cause))
            .flatten()
            .unwrap_or_else(|| cause.to_string());
        if messages.last() != Some(&message) {
            messages.push(message);
        }
    }
    let hint = e
        .chain()
        .find_map(|c| c.downcast_ref::<io::Error>())
        .and_then(if zh { zh::io_hint } else { io_hint });
    let (caused_by, help) = if zh {
        ("原因", "建议")
    } else {
        ("caused by", "help")
    };
    if verbose {
        let mut lines = messages.iter();
        if let Some(first) = lines.next() {
            eprintln!("gongwen: {first}");
        }
        for cause in lines {
            eprintln!("  {caused_by}: {cause}");
        }
        if let Some(hint) = hint {
            eprintln!("  {help}: {hint}");
        }
    } else {
        let mut line = messages.join(": ");
        if let Some(hint) = hint {
            let (open, close) = if zh { ("（", "）") } else { (" (", ")") };
            line.push_str(open);
            line.push_str(hint);
            line.push_str(close);
        }
        eprintln!("gongwen: {line}");
    }
}

/// What to do about an I/O error, where the error itself does not say.
pub fn io_hint(e: &io::Error) -> Option<&'static str> {
    Some(match e.kind() {
        io::ErrorKind::NotFound => "check the path",
        io::ErrorKind::PermissionDenied => "check the file's permissions",
        io::ErrorKind::IsADirectory => "give a file, not a directory",
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge => {
            "free some space or write elsewhere; an existing output was left as it was"
        }
        io::ErrorKind::ReadOnlyFilesystem => "write the output elsewhere",
        _ => return None,
    })
}

/// On Ctrl-C, SIGTERM or SIGHUP, deletes the temporary file of an output being written before
/// exiting, so an interrupted conversion leaves neither a partial file nor litter; the previous
/// output, if any, is untouched. SIGXFSZ (over the file size limit) is caught too, so that
/// writing past the limit fails as an error, which removes the temporary file, instead of
/// killing the process.
#[cfg(unix)]
pub fn remove_partial_output_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _ = signal_hook::flag::register(SIGXFSZ, ignored);
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            gongwen::output::remove_temp_files();
            eprintln!("gongwen: interrupted");
            std::process::exit(128 + signal);
        }
    });
}

pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
