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
    if !verbose && !zh {
        eprintln!("gongwen: {}", gongwen::error::one_line(e.as_ref()));
        return;
    }
    let messages = gongwen::error::messages(e.as_ref(), |cause| {
        zh.then(|| zh::error_message(cause))
            .flatten()
            .unwrap_or_else(|| cause.to_string())
    });
    let hint = gongwen::error::io_cause(e.as_ref()).and_then(if zh {
        zh::io_hint
    } else {
        gongwen::error::io_hint
    });
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
        // One line in Chinese (in English it is `one_line`'s, above).
        let mut line = messages.join(": ");
        if let Some(hint) = hint {
            line.push('（');
            line.push_str(hint);
            line.push('）');
        }
        eprintln!("gongwen: {line}");
    }
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
