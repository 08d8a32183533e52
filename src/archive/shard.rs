//! Shards: one archive run split into N disjoint parts that N processes, on one machine or many,
//! do without talking to each other, and the merge of their manifests.
//!
//! Every shard plans the whole run (the same inputs give the same jobs everywhere) and keeps the
//! jobs whose relative path hashes to its index ([`Shard::holds`]). It journals into
//! `manifest.I-of-N.jsonl` as a whole run journals into `manifest.jsonl`, so a shard run again
//! after a crash resumes; when it has done all its jobs it writes `shard.I-of-N.json`, the
//! [`Record`] that says so, with the version and options it ran with and a digest of the run's
//! inputs (each one's relative path, size and modification time). [`merge`] takes a directory
//! of shards, checks that they are one run's, all there and finished, that no input is in two
//! and that every output is still as written, then writes `manifest.jsonl` and `SHA256SUMS` as a
//! run in one piece would.

use super::{Entry, Job, Summary, hex, hex_sha256, load_journal, named, portable, write_manifest};
use crate::error::{Error, Result};
use crate::output::write_atomic;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// One part of a run split in `count`: `index` is 0-based, as Slurm array and Kubernetes
/// Indexed Job indices usually are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, `0..count`.
    pub index: usize,
    /// Into how many parts the run is split.
    pub count: usize,
}

impl Shard {
    /// A shard from `I/N` (`0/3`, `2/3`); `None` unless `I < N`.
    pub fn parse(text: &str) -> Option<Shard> {
        let (index, count) = text.split_once('/')?;
        Shard::new(index.trim().parse().ok()?, count.trim().parse().ok()?)
    }

    /// A shard if `index < count`.
    pub fn new(index: usize, count: usize) -> Option<Shard> {
        (index < count).then_some(Shard { index, count })
    }

    /// The shard a job array task is: in a Slurm array, `SLURM_ARRAY_TASK_ID` (counted from
    /// `SLURM_ARRAY_TASK_MIN`) of `SLURM_ARRAY_TASK_COUNT`; in a Kubernetes Indexed Job,
    /// `JOB_COMPLETION_INDEX`. `count` (`--shards`) gives the number of parts, and must where
    /// the environment does not (Kubernetes). `var` reads the environment.
    pub fn from_environment(
        count: Option<usize>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Shard> {
        let number = |name: &str| -> Result<Option<usize>> {
            var(name)
                .map(|value| {
                    value.trim().parse().map_err(|_| {
                        Error::Archive(format!("{name}={value} is not a shard number"))
                    })
                })
                .transpose()
        };
        let (index, from_env) = if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let index = id.checked_sub(min).ok_or_else(|| {
                Error::Archive(format!(
                    "SLURM_ARRAY_TASK_ID={id} is below SLURM_ARRAY_TASK_MIN={min}"
                ))
            })?;
            (index, number("SLURM_ARRAY_TASK_COUNT")?)
        } else if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            (index, None)
        } else {
            return Err(Error::Archive(
                "no shard index in the environment (SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX): give --shard I/N".to_string(),
            ));
        };
        let count = count.or(from_env).ok_or_else(|| {
            Error::Archive(
                "JOB_COMPLETION_INDEX gives the shard but not how many there are: give --shards N, the Job's completions".to_string(),
            )
        })?;
        Shard::new(index, count).ok_or_else(|| {
            Error::Archive(format!(
                "shard index {index} from the environment is not below the {count} shards"
            ))
        })
    }

    /// `I-of-N`, as the shard's files are named.
    fn name(self) -> String {
        format!("{}-of-{}", self.index, self.count)
    }

    /// The name of its journal, `manifest.I-of-N.jsonl`.
    pub(crate) fn manifest(self) -> String {
        format!("manifest.{}.jsonl", self.name())
    }

    /// Returns true if and only if this shard does the job: the first eight bytes of the
    /// SHA-256 of its relative path, modulo the count, are the index.
    pub fn holds(self, job: &Job) -> bool {
        let digest = Sha256::digest(portable(&job.stem).as_os_str().as_encoded_bytes());
        let mut first = [0; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count as u64 == self.index as u64
    }

    /// This shard's part of a run's jobs, and the digest of all its inputs.
    pub fn plan(self, all: &[Job]) -> Result<ShardPlan> {
        let mut digest = Sha256::new();
        for job in all {
            let metadata = fs::metadata(&job.input).map_err(|e| named(&job.input, e))?;
            let modified = metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            digest.update(portable(&job.stem).as_os_str().as_encoded_bytes());
            digest.update([0]);
            digest.update(metadata.len().to_le_bytes());
            digest.update(modified.to_le_bytes());
        }
        Ok(ShardPlan {
            shard: self,
            jobs: all.iter().filter(|job| self.holds(job)).cloned().collect(),
            inputs: all.len(),
            digest: hex(&digest.finalize()),
        })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// A shard's jobs, and what it knows of the whole run.
#[derive(Debug, Clone)]
pub struct ShardPlan {
    /// The shard.
    pub shard: Shard,
    /// Its jobs, in the run's order.
    pub jobs: Vec<Job>,
    /// How many inputs the whole run has.
    inputs: usize,
    /// The SHA-256 of every input's relative path, size and modification time, in order.
    digest: String,
}

/// What a finished shard says of itself (`shard.I-of-N.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Its index.
    pub shard: usize,
    /// The number of shards.
    pub of: usize,
    /// The version and options it ran with, as its manifest's lines say.
    pub made_with: String,
    /// How many inputs the whole run has.
    pub inputs: usize,
    /// How many of them are this shard's.
    pub archived: usize,
    /// The digest of the run's inputs as this shard saw them.
    pub digest: String,
}

/// Archives a shard's jobs into `dir`, journaling into `manifest.I-of-N.jsonl`; once all are
/// done, writes the shard's record. `progress` is called as in [`super::run`], with indices
/// into `plan.jobs`.
pub fn run(
    plan: &ShardPlan,
    dir: &Path,
    options: &super::ArchiveOptions,
    progress: impl FnMut(usize, super::Outcome, &Entry),
) -> Result<Summary> {
    let name = plan.shard.name();
    let record_path = dir.join(format!("shard.{name}.json"));
    // A record left by an earlier run would vouch for a run that may now stop halfway.
    match fs::remove_file(&record_path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(named(&record_path, e)),
        _ => {}
    }
    let manifest = plan.shard.manifest();
    let (summary, entries) = super::journaled(&plan.jobs, dir, &manifest, options, progress)?;
    let path = dir.join(&manifest);
    write_atomic(&path, &super::manifest_lines(&entries)?).map_err(|e| named(&path, e))?;
    let record = Record {
        shard: plan.shard.index,
        of: plan.shard.count,
        made_with: super::made_with(options),
        inputs: plan.inputs,
        archived: plan.jobs.len(),
        digest: plan.digest.clone(),
    };
    let mut json = serde_json::to_vec_pretty(&record).map_err(std::io::Error::from)?;
    json.push(b'\n');
    write_atomic(&record_path, &json).map_err(|e| named(&record_path, e))?;
    Ok(summary)
}

/// What a merge found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged {
    /// How many shards the run had.
    pub shards: usize,
    /// How many inputs it archived, failed ones included.
    pub inputs: usize,
    /// How many of those failed.
    pub failed: usize,
}

/// Merges the shards in `dir` into `manifest.jsonl` and `SHA256SUMS`, after checking that they
/// are every shard of one run, finished, made with the same version and options from the same
/// inputs, that no input is in two of them and that every output is still as its shard wrote
/// it. The error names the first shard or file that fails.
pub fn merge(dir: &Path) -> Result<Merged> {
    let fail = |message: String| Err(Error::Archive(format!("{}: {message}", dir.display())));
    let mut found: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for entry in fs::read_dir(dir).map_err(|e| named(dir, e))? {
        let entry = entry.map_err(|e| named(dir, e))?;
        let name = entry.file_name();
        let Some(shard) = name
            .to_str()
            .and_then(|n| n.strip_prefix("manifest.")?.strip_suffix(".jsonl"))
            .and_then(|n| n.split_once("-of-"))
            .and_then(|(i, n)| Shard::new(i.parse().ok()?, n.parse().ok()?))
        else {
            continue;
        };
        found.entry(shard.count).or_default().push(shard.index);
    }
    let count = match found.keys().collect::<Vec<_>>()[..] {
        [] => {
            return fail(
                "no shard here (manifest.I-of-N.jsonl): archive into it with --shard I/N first"
                    .to_string(),
            );
        }
        [&count] => count,
        [first, second, ..] => {
            return fail(format!(
                "it holds shards of a run in {first} parts and of one in {second}: keep each run in a directory of its own"
            ));
        }
    };
    let mut records: Vec<Record> = Vec::with_capacity(count);
    for index in 0..count {
        let shard = Shard { index, count };
        let name = shard.name();
        if !found[&count].contains(&index) {
            return fail(format!(
                "shard {shard} is missing (no manifest.{name}.jsonl): run it with --shard {shard}"
            ));
        }
        let path = dir.join(format!("shard.{name}.json"));
        let record: Record = match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Error::Archive(format!("{}: not a shard record: {e}", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return fail(format!(
                    "shard {shard} did not finish (no shard.{name}.json): run it again, it resumes where it stopped"
                ));
            }
            Err(e) => return Err(named(&path, e)),
        };
        if (record.shard, record.of) != (index, count) {
            return fail(format!("shard.{name}.json is the record of another shard"));
        }
        if let Some(first) = records.first() {
            if record.made_with != first.made_with {
                return fail(format!(
                    "shard {shard} was made with `{}`, shard 0/{count} with `{}`: archive every shard with the same gongwen and options",
                    record.made_with, first.made_with
                ));
            }
            if (record.inputs, &record.digest) != (first.inputs, &first.digest) {
                return fail(format!(
                    "shard {shard} and shard 0/{count} saw different inputs (one was added, removed or edited between them): run every shard again"
                ));
            }
        }
        records.push(record);
    }
    let mut owner: HashMap<PathBuf, usize> = HashMap::new();
    let mut entries: Vec<Entry> = Vec::new();
    for record in &records {
        let shard = Shard {
            index: record.shard,
            count,
        };
        let (_, listed) = load_journal(&dir.join(shard.manifest()));
        if listed.len() != record.archived {
            return fail(format!(
                "shard {shard} lists {} inputs where its record says {}: run it again",
                listed.len(),
                record.archived
            ));
        }
        for entry in listed {
            if entry.made_with != record.made_with {
                return fail(format!(
                    "shard {shard} holds {} made with `{}`, not `{}`: run it again",
                    entry.input.display(),
                    entry.made_with,
                    record.made_with
                ));
            }
            if let Some(other) = owner.insert(entry.input.clone(), record.shard) {
                return fail(format!(
                    "{} is in shard {other}/{count} and in shard {shard}: run every shard again",
                    entry.input.display()
                ));
            }
            for output in &entry.outputs {
                let path = dir.join(&output.path);
                let bytes = fs::read(&path).map_err(|e| named(&path, e))?;
                if hex_sha256(&bytes) != output.sha256 {
                    return Err(Error::Archive(format!(
                        "{}: changed since shard {shard} wrote it: run that shard again",
                        path.display()
                    )));
                }
            }
            entries.push(entry);
        }
    }
    if entries.len() != records[0].inputs {
        return fail(format!(
            "the shards archived {} inputs of the run's {}: run every shard again",
            entries.len(),
            records[0].inputs
        ));
    }
    entries.sort_by(|a, b| {
        a.input
            .as_os_str()
            .as_encoded_bytes()
            .cmp(b.input.as_os_str().as_encoded_bytes())
    });
    write_manifest(dir, &entries)?;
    Ok(Merged {
        shards: count,
        inputs: entries.len(),
        failed: entries.iter().filter(|e| e.error.is_some()).count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn shards_are_parsed_and_taken_from_job_arrays() {
        assert_eq!(Shard::parse("2/3"), Shard::new(2, 3));
        for bad in ["3/3", "1", "-1/3", "a/3", "1/0", "1/3/4"] {
            assert_eq!(Shard::parse(bad), None, "{bad}");
        }
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ]);
        assert_eq!(Shard::from_environment(None, &slurm).ok(), Shard::new(1, 3));
        assert_eq!(
            Shard::from_environment(Some(4), &slurm).ok(),
            Shard::new(1, 4)
        );
        let kubernetes = env(&[("JOB_COMPLETION_INDEX", "2")]);
        assert_eq!(
            Shard::from_environment(Some(3), &kubernetes).ok(),
            Shard::new(2, 3)
        );
        let message = |count, vars: &[(&str, &str)]| {
            Shard::from_environment(count, env(vars))
                .expect_err("refused")
                .to_string()
        };
        assert!(message(None, &[("JOB_COMPLETION_INDEX", "2")]).contains("--shards N"));
        assert!(message(Some(2), &[("JOB_COMPLETION_INDEX", "2")]).contains("not below"));
        assert!(message(Some(2), &[]).contains("--shard I/N"));
        assert!(message(Some(2), &[("JOB_COMPLETION_INDEX", "x")]).contains("not a shard"));
    }

    #[test]
    fn every_job_is_in_exactly_one_shard_and_the_split_is_even() {
        let jobs: Vec<Job> = (0..3000)
            .map(|i| Job {
                input: PathBuf::from(format!("in/{i}.txt")),
                stem: PathBuf::from(format!("{i}")),
            })
            .collect();
        let mut sizes = [0; 3];
        for job in &jobs {
            let holders: Vec<usize> = (0..3)
                .filter(|&i| Shard { index: i, count: 3 }.holds(job))
                .collect();
            assert_eq!(holders.len(), 1, "{job:?}");
            sizes[holders[0]] += 1;
        }
        assert!(sizes.iter().all(|&n| (900..1100).contains(&n)), "{sizes:?}");
        // Stable: the same path lands in the same shard however the run is listed.
        assert!(Shard { index: 0, count: 1 }.holds(&jobs[7]));
    }
}
