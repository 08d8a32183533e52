//! The Python package (`python/`): its wheel is built with maturin, installed into a directory
//! of the build directory (`target/python/site`), and its pytest suite (`python/tests`) run
//! against it and the command line built here — read, check, convert and archive give what the
//! command line gives, and an archive over a Dask cluster merges into the one-shot archive.
//!
//! Needs the Python tools of `tests/tools/.venv` (maturin, pytest and Dask's `distributed`,
//! pinned in `tests/tools/requirements.txt`); without them it prints `SKIP:` and passes, unless
//! `GONGWEN_REQUIRE_ALL` is set.
//!
//! The wheel is built in the build directory and profile of the tests themselves: cargo lets go
//! of the directory's lock once the tests are built, and the workspace makes the package a
//! default member so the tests' build resolved the dependencies' features as the wheel's does.
//! Building the wheel then compiles PyO3 and the package alone (about a minute the first time),
//! not every dependency again (a quarter of an hour on two cores).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn run(command: &mut Command, what: &str) {
    let started = Instant::now();
    let status = command.status().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(status.success(), "{what} failed: {status}");
    println!("{what}: {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn the_python_package_passes_its_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join("tests/tools/.venv/bin/python");
    let python = python.to_string_lossy();
    if !common::tool_answers(
        &python,
        &["-c", "import maturin, pytest, distributed"],
        true,
    ) {
        return;
    }
    let target: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the build directory")
        .to_path_buf();
    let wheels = target.join("python/wheels");
    let site = target.join("python/site");
    for dir in [&wheels, &site] {
        let _ = std::fs::remove_dir_all(dir);
    }
    // The profile the tests are built with (`test` is `dev`'s, `bench` is `release`'s).
    let profile = if cfg!(debug_assertions) {
        "dev"
    } else {
        "release"
    };
    run(
        Command::new(&*python)
            .args([
                "-m",
                "maturin",
                "build",
                "--quiet",
                "--profile",
                profile,
                "--manifest-path",
            ])
            .arg(root.join("python/Cargo.toml"))
            .arg("--out")
            .arg(&wheels)
            .args(["--interpreter", &python])
            .env("CARGO_TARGET_DIR", &target),
        "building the wheel",
    );
    let wheel = std::fs::read_dir(&wheels)
        .expect("the wheel directory")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("a wheel");
    let name = wheel.file_name().unwrap_or_default().to_string_lossy();
    assert!(name.contains("abi3"), "{name} is not an abi3 wheel");
    run(
        Command::new(&*python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(["--no-deps", "--no-index", "--target"])
            .arg(&site)
            .arg(&wheel),
        "installing the wheel",
    );
    // Scratch files under the build directory, as the other tests' (the Dask test's two
    // archives of a thousand reports take about a gigabyte), removed once the suite is done.
    let scratch = common::Scratch::new("python");
    run(
        Command::new(&*python)
            .args([
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-rs",
                "--durations=5",
            ])
            .arg("--basetemp")
            .arg(scratch.path("pytest"))
            .arg(root.join("python/tests"))
            .current_dir(root)
            .env("PYTHONPATH", &site)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("GONGWEN_BIN", env!("CARGO_BIN_EXE_gongwen")),
        "the pytest suite",
    );
}
